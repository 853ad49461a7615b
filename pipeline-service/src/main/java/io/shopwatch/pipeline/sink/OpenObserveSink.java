package io.shopwatch.pipeline.sink;

import io.shopwatch.common.openobserve.IngestResult;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveException;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.SearchResult;
import io.shopwatch.common.trace.OtlpJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes through {@link OpenObserveClient}: logs and events with {@code _json}, metrics with
 * {@code ingest/metrics/_json}, spans as OTLP JSON into a {@code traces} stream. Transient failures (connection errors, 5xx after the client's own retries) become
 * {@link SinkUnavailableException}, so the batch is retried; anything else is reported as refused records.
 */
public final class OpenObserveSink implements TelemetrySink {

    /** Ids per lookup query, to keep the SQL short. */
    private static final int IDS_PER_QUERY = 500;

    /** Fields of a metric document that are not labels: the sample's name and kind, and the record id. */
    private static final Set<String> METRIC_ENVELOPE_FIELDS = Set.of("name", "kind", "id");

    private static final String TRACES = "traces";
    private static final tools.jackson.databind.ObjectMapper SPAN_JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private final OpenObserveClient client;
    private final Supplier<Map<String, String>> requestHeaders;

    public OpenObserveSink(OpenObserveClient client) {
        this(client, Map::of);
    }

    /**
     * @param requestHeaders headers each store request carries as well, asked for at each request (the trace context
     *     of the pipeline's current span, so that the store's span joins the trace)
     */
    public OpenObserveSink(OpenObserveClient client, Supplier<Map<String, String>> requestHeaders) {
        this.client = client;
        this.requestHeaders = requestHeaders;
    }

    private OpenObserveClient client(String org) {
        return client.forOrg(org).withHeaders(requestHeaders.get());
    }

    @Override
    public WriteResult write(String org, String streamType, String stream, List<Map<String, Object>> documents) {
        if (TRACES.equals(streamType)) {
            return writeSpans(org, stream, documents);
        }
        try {
            IngestResult result = "metrics".equals(streamType)
                    ? client(org).ingestMetrics(asMetricSamples(stream, documents))
                    : client(org).ingest(stream, documents);
            return new WriteResult(
                    result.successful(), result.failed(), result.firstError().orElse(null));
        } catch (OpenObserveException e) {
            if (e.isTransient()) {
                throw new SinkUnavailableException("OpenObserve unavailable: " + e.getMessage(), e);
            }
            return new WriteResult(0, documents.size(), e.getMessage());
        }
    }

    /** Logs and events: the documents' own bytes, joined into the {@code _json} array; metrics are reshaped. */
    @Override
    public WriteResult write(
            String org, String streamType, String stream, List<Map<String, Object>> documents, List<byte[]> json) {
        if ("metrics".equals(streamType) || TRACES.equals(streamType)) {
            return write(org, streamType, stream, documents);
        }
        try {
            IngestResult result = client(org).ingestJson(stream, json);
            return new WriteResult(
                    result.successful(), result.failed(), result.firstError().orElse(null));
        } catch (OpenObserveException e) {
            if (e.isTransient()) {
                throw new SinkUnavailableException("OpenObserve unavailable: " + e.getMessage(), e);
            }
            return new WriteResult(0, documents.size(), e.getMessage());
        }
    }

    /**
     * Spans: OpenObserve fills a {@code traces} stream only from OTLP, so the span rows go back into one OTLP JSON
     * request ({@link OtlpJson#fromRows}), which OpenObserve turns into the same rows.
     */
    private WriteResult writeSpans(String org, String stream, List<Map<String, Object>> documents) {
        try {
            byte[] body = SPAN_JSON.writeValueAsBytes(OtlpJson.fromRows(documents));
            IngestResult result = client(org).ingestTraces(stream, body, documents.size());
            return new WriteResult(
                    result.successful(), result.failed(), result.firstError().orElse(null));
        } catch (OpenObserveException e) {
            if (e.isTransient()) {
                throw new SinkUnavailableException("OpenObserve unavailable: " + e.getMessage(), e);
            }
            return new WriteResult(0, documents.size(), e.getMessage());
        }
    }

    /**
     * OpenObserve's metrics JSON: {@code __name__} is the metric (and stream), {@code value} the sample, the labels
     * plain fields. The record id is not sent: every field of a metrics row is a label, so an id would make each
     * sample a series of its own.
     */
    private static List<Map<String, Object>> asMetricSamples(String stream, List<Map<String, Object>> documents) {
        List<Map<String, Object>> samples = new ArrayList<>(documents.size());
        for (Map<String, Object> doc : documents) {
            Map<String, Object> sample = new LinkedHashMap<>();
            doc.forEach((key, value) -> {
                if (key.startsWith("labels_")) {
                    sample.put(key.substring("labels_".length()), value);
                } else if (!METRIC_ENVELOPE_FIELDS.contains(key)) {
                    sample.put(key, value);
                }
            });
            sample.put("__name__", doc.getOrDefault("name", stream));
            if (doc.get("kind") instanceof String kind) {
                sample.put("__type__", kind.toLowerCase(java.util.Locale.ROOT));
            }
            samples.add(sample);
        }
        return samples;
    }

    @Override
    public Set<String> existingIds(String org, String stream, Collection<String> ids, long fromMicros, long toMicros) {
        Set<String> found = new HashSet<>();
        List<String> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += IDS_PER_QUERY) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + IDS_PER_QUERY));
            String sql = "SELECT id FROM \"" + stream.replace("\"", "") + "\" WHERE id IN ("
                    + String.join(
                            ",", chunk.stream().map(OpenObserveSink::quote).toList()) + ")";
            try {
                SearchResult result = client(org)
                        .search(SearchRequest.sql(sql)
                                .range(fromMicros, toMicros + 1)
                                .size(chunk.size())
                                .build());
                result.hits().forEach(hit -> {
                    if (hit.get("id") instanceof String id) {
                        found.add(id);
                    }
                });
            } catch (OpenObserveException e) {
                if (e.isTransient()) {
                    throw new SinkUnavailableException("OpenObserve unavailable: " + e.getMessage(), e);
                }
                if (!isUnknownStream(e)) {
                    throw new SinkUnavailableException("cannot look up stored ids: " + e.getMessage(), e);
                }
            }
        }
        return found;
    }

    /** A stream that does not exist yet holds no records. */
    private static boolean isUnknownStream(OpenObserveException e) {
        String text = (e.getMessage() + " " + e.errorDetail()).toLowerCase(java.util.Locale.ROOT);
        return e.status() == 404 || text.contains("not found") || text.contains("stream") && text.contains("exist");
    }

    private static String quote(String id) {
        return "'" + id.replace("'", "''") + "'";
    }
}
