package io.shopwatch.tracing.red;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.MetricSample;
import io.shopwatch.common.event.TelemetryType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the RED figures and service-graph edges of every minute that is over as metric samples, in the envelope
 * metrics-service publishes on {@code shopwatch.metrics.raw} (type {@code METRIC}, stream = metric name, common's
 * {@link MetricSample} payload), so the pipeline stores them in the org's metrics streams. One sample per series and
 * minute, timestamped at the minute's start, holding that minute's figures (delta temporality: sum them over time;
 * they are exact, computed from every span before sampling, and do not reset with a restart):
 *
 * <ul>
 *   <li>{@code traces_span_calls}, {@code traces_span_errors} {service, operation}: spans and ERROR spans;
 *   <li>{@code traces_span_duration_ms_bucket} {service, operation, le}: cumulative bucket counts with the
 *       spanmetrics connector's bounds (ms) and {@code +Inf}, {@code traces_span_duration_ms_sum} (ms) and
 *       {@code _count} ({@code histogram_quantile} reads them);
 *   <li>{@code traces_service_graph_requests}, {@code traces_service_graph_failed_requests} {client, server,
 *       connection_type}: calls between services and to virtual nodes ({@code connection_type} {@code
 *       virtual_node}, {@code database} or {@code messaging_system}; absent for a plain call);
 *   <li>{@code traces_service_graph_request_duration_ms_bucket} {client, server, connection_type, le}, {@code _sum}
 *       and {@code _count}: the calls' durations (measured on the called span), with the same bounds.
 * </ul>
 *
 * <p>Every sample carries the label {@code instance} (the writing tracing-service instance) when one is given: each
 * instance counts the spans it received, so several instances write the same series and minute, and the label keeps
 * their samples (and record ids) apart; a reader sums over it ({@link StoredRed}).
 *
 * The record id is derived from org, series and minute, so a minute written again (after Kafka refused it) is
 * de-duplicated by the pipeline; the Kafka key is the series. A minute is written once the sink has taken it; when
 * the sink throws, the same minutes are offered again at the next call.
 */
public final class RedMetricsWriter {

    /** Takes the envelopes of one write; throws when they are not durable. */
    @FunctionalInterface
    public interface Sink {
        void send(List<Keyed> envelopes);
    }

    /** An envelope and its Kafka key. */
    public record Keyed(String key, Envelope envelope) {}

    static final String CALLS = "traces_span_calls";
    static final String ERRORS = "traces_span_errors";
    static final String DURATION = "traces_span_duration_ms";
    static final String GRAPH_REQUESTS = "traces_service_graph_requests";
    static final String GRAPH_FAILED = "traces_service_graph_failed_requests";
    static final String GRAPH_DURATION = "traces_service_graph_request_duration_ms";
    static final String INSTANCE = "instance";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SpanMetrics metrics;
    private final Sink sink;
    private final String instance;
    private long written = Long.MIN_VALUE;

    /** A writer whose samples carry no {@code instance} label (a single instance). */
    public RedMetricsWriter(SpanMetrics metrics, Sink sink) {
        this(metrics, sink, null);
    }

    /** @param instance the value of the {@code instance} label of every sample; none when null or blank */
    public RedMetricsWriter(SpanMetrics metrics, Sink sink, String instance) {
        this.metrics = metrics;
        this.sink = sink;
        this.instance = instance == null || instance.isBlank() ? null : instance;
    }

    /** Writes the minutes that are over and not yet written; the number of samples written. */
    public synchronized int writeClosedMinutes() {
        SpanMetrics.ClosedMinutes closed = metrics.closedSince(written);
        List<Keyed> out = new ArrayList<>();
        for (SpanMetrics.MinuteFigures<SpanMetrics.Operation> f : closed.red()) {
            SpanMetrics.Operation op = f.key();
            Map<String, String> labels = labels(Map.of("service", op.service(), "operation", op.operation()));
            Instant at = Instant.ofEpochSecond(f.minute() * 60);
            LatencyStats s = f.stats();
            out.add(sample(op.org(), CALLS, labels, s.count, at, MetricSample.Kind.GAUGE));
            out.add(sample(op.org(), ERRORS, labels, s.errors, at, MetricSample.Kind.GAUGE));
            histogram(out, op.org(), DURATION, labels, s, at);
        }
        for (SpanMetrics.MinuteFigures<SpanMetrics.Edge> f : closed.edges()) {
            SpanMetrics.Edge edge = f.key();
            Map<String, String> labels = new TreeMap<>(Map.of("client", edge.client(), "server", edge.server()));
            if (!edge.connectionType().isEmpty()) {
                labels.put("connection_type", edge.connectionType());
            }
            labels = labels(labels);
            Instant at = Instant.ofEpochSecond(f.minute() * 60);
            out.add(sample(edge.org(), GRAPH_REQUESTS, labels, f.stats().count, at, MetricSample.Kind.GAUGE));
            out.add(sample(edge.org(), GRAPH_FAILED, labels, f.stats().errors, at, MetricSample.Kind.GAUGE));
            histogram(out, edge.org(), GRAPH_DURATION, labels, f.stats(), at);
        }
        if (!out.isEmpty()) {
            sink.send(out);
        }
        written = Math.max(written, closed.lastClosedMinute());
        return out.size();
    }

    private Map<String, String> labels(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>(labels);
        if (instance != null) {
            out.put(INSTANCE, instance);
        }
        return out;
    }

    /** {@code name_bucket} (cumulative, one per bound and {@code +Inf}), {@code name_sum} (ms) and {@code name_count}. */
    private static void histogram(
            List<Keyed> out, String org, String name, Map<String, String> labels, LatencyStats s, Instant at) {
        long cumulative = 0;
        for (int i = 0; i < s.buckets.length; i++) {
            cumulative += s.buckets[i];
            Map<String, String> bucket = new TreeMap<>(labels);
            bucket.put("le", le(i));
            out.add(sample(org, name + "_bucket", bucket, cumulative, at, MetricSample.Kind.HISTOGRAM));
        }
        out.add(sample(org, name + "_sum", labels, s.sumMicros / 1000.0, at, MetricSample.Kind.HISTOGRAM));
        out.add(sample(org, name + "_count", labels, s.count, at, MetricSample.Kind.HISTOGRAM));
    }

    /** The {@code le} label of bucket i: its bound in ms, {@code +Inf} for the last. */
    static String le(int i) {
        return i < LatencyStats.BOUNDS_MS.length ? bound(LatencyStats.BOUNDS_MS[i]) : "+Inf";
    }

    private static Keyed sample(
            String org, String name, Map<String, String> labels, double value, Instant at, MetricSample.Kind kind) {
        Map<String, String> sorted = new TreeMap<>(labels);
        String key = org + '/' + name + '/' + sorted;
        String id = UUID.nameUUIDFromBytes((key + '/' + at.toEpochMilli()).getBytes(StandardCharsets.UTF_8))
                .toString();
        MetricSample sample = new MetricSample(name, sorted, value, null, kind);
        return new Keyed(key, new Envelope(id, org, name, TelemetryType.METRIC, at, JSON.valueToTree(sample)));
    }

    private static String bound(double ms) {
        return ms == Math.rint(ms) ? Long.toString((long) ms) : String.format(Locale.ROOT, "%s", ms);
    }
}
