package io.shopwatch.pipeline.tracing;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.shopwatch.pipeline.flow.RecordTracing;
import io.shopwatch.pipeline.record.PipelineRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Continues the traces of the records: one {@code pipeline process} span per distinct sampled trace context of a
 * slice (a child of the context its records carry, ended when the slice is stored), and one {@code store write} span
 * per store request holding traced records (a child of the first of their process spans, linked to the others), made
 * current while the request is sent so that the request carries its {@code traceparent} and the store's span joins
 * the trace.
 *
 * <p>Cheap on the hot path: a record costs one header lookup and a look at the sampled flag; only records whose
 * context is sampled go further, and spans are made per trace context and per store request, never per record.
 * Records of the untraced orgs (the platform's own spans, whose storing would otherwise be traced and exported into
 * the same org again) never make a span, whatever they carry.
 */
public final class TraceContinuation implements RecordTracing {

    /** The W3C trace context header. */
    public static final String TRACEPARENT = "traceparent";

    /** Most links a store write span carries to the other traces of its request. */
    static final int MAX_LINKS = 32;

    private static final int TRACEPARENT_LENGTH = 55;

    private final Tracer tracer;
    private final Propagator propagator;
    private final Set<String> untracedOrgs;

    /**
     * @param untracedOrgs orgs whose records never make spans (the platform org)
     */
    public TraceContinuation(Tracer tracer, Propagator propagator, Set<String> untracedOrgs) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.untracedOrgs = Set.copyOf(untracedOrgs);
    }

    /**
     * Whether a {@code traceparent} value (version 00: {@code 00-<32 hex>-<16 hex>-<2 hex flags>}) has its sampled
     * flag set. Anything else, including a malformed value, is not continued.
     */
    static boolean sampled(byte[] traceparent) {
        if (traceparent == null
                || traceparent.length != TRACEPARENT_LENGTH
                || traceparent[2] != '-'
                || traceparent[35] != '-'
                || traceparent[52] != '-') {
            return false;
        }
        int flags = Character.digit(traceparent[54], 16);
        return flags >= 0 && (flags & 1) == 1;
    }

    @Override
    public Slice slice() {
        return new SliceTraces();
    }

    @Override
    public <T> T store(List<PipelineRecord> request, Supplier<T> write) {
        Map<Span, Boolean> traces = null;
        for (PipelineRecord record : request) {
            Span span = record.span();
            if (span != null) {
                if (traces == null) {
                    traces = new IdentityHashMap<>();
                }
                traces.putIfAbsent(span, Boolean.TRUE);
            }
        }
        if (traces == null) {
            return write.get();
        }
        List<Span> spans = new ArrayList<>(traces.keySet());
        PipelineRecord first = request.get(0);
        Span.Builder builder = tracer.spanBuilder()
                .setParent(spans.get(0).context())
                .name("store write")
                .kind(Span.Kind.CLIENT)
                .tag("shopwatch.org", first.org())
                .tag("shopwatch.stream", first.stream())
                .tag("shopwatch.records", request.size())
                .tag("shopwatch.traces", spans.size());
        for (int i = 1; i < spans.size() && i <= MAX_LINKS; i++) {
            builder.addLink(new Link(spans.get(i).context()));
        }
        Span span = builder.start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return write.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The process spans of one slice, by the trace context their records carry. */
    private final class SliceTraces implements Slice {

        private Map<String, Traced> byContext;

        @Override
        public void join(PipelineRecord record, Headers headers) {
            Header header = headers.lastHeader(TRACEPARENT);
            if (header == null || !sampled(header.value()) || untracedOrgs.contains(record.org())) {
                return;
            }
            if (byContext == null) {
                byContext = new HashMap<>();
            }
            String context = new String(header.value(), StandardCharsets.ISO_8859_1);
            Traced traced = byContext.get(context);
            if (traced == null) {
                traced = new Traced(open(record, headers));
                byContext.put(context, traced);
            }
            traced.records++;
            record.span(traced.span);
        }

        private Span open(PipelineRecord record, Headers headers) {
            return propagator
                    .extract(headers, TraceContinuation::header)
                    .name("pipeline process")
                    .kind(Span.Kind.CONSUMER)
                    .tag("messaging.system", "kafka")
                    .tag("messaging.destination.name", record.source().topic())
                    .start();
        }

        @Override
        public void end(Throwable failure) {
            if (byContext == null) {
                return;
            }
            for (Traced traced : byContext.values()) {
                traced.span.tag("messaging.batch.message_count", traced.records);
                if (failure != null) {
                    traced.span.error(failure);
                }
                traced.span.end();
            }
            byContext = null;
        }
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static final class Traced {
        private final Span span;
        private long records;

        Traced(Span span) {
            this.span = span;
        }
    }
}
