package io.shopwatch.pipeline.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The trace context of the current span as HTTP headers (W3C {@code traceparent}, and {@code tracestate} or baggage
 * when there is any), empty outside a span: what the store requests carry, the OpenObserve client's HTTP calls not
 * being instrumented themselves.
 */
public final class CurrentTraceHeaders implements Supplier<Map<String, String>> {

    private final Tracer tracer;
    private final Propagator propagator;

    public CurrentTraceHeaders(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public Map<String, String> get() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return Map.of();
        }
        Map<String, String> headers = new HashMap<>(4);
        propagator.inject(span.context(), headers, Map::put);
        return headers;
    }
}
