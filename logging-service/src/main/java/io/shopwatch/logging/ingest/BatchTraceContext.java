package io.shopwatch.logging.ingest;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The trace context of the current request (W3C {@code traceparent}, and baggage when there is any) as Kafka
 * headers, computed once per batch and put on every record of it. The cheap alternative to a producer observation
 * per record: consumers continue the request's trace just the same, without a "send" span per record.
 */
public final class BatchTraceContext {

    private final Tracer tracer;
    private final Propagator propagator;

    public BatchTraceContext(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The headers of the current trace, empty outside one. */
    public List<Header> headers() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return List.of();
        }
        List<Header> headers = new ArrayList<>(2);
        propagator.inject(
                span.context(),
                headers,
                (carrier, key, value) -> carrier.add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8))));
        return List.copyOf(headers);
    }
}
