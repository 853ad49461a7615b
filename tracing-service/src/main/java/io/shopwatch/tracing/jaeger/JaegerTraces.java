package io.shopwatch.tracing.jaeger;

import io.shopwatch.common.trace.SpanRows;
import io.shopwatch.tracing.jaeger.JaegerModel.KeyValue;
import io.shopwatch.tracing.jaeger.JaegerModel.Log;
import io.shopwatch.tracing.jaeger.JaegerModel.Process;
import io.shopwatch.tracing.jaeger.JaegerModel.Reference;
import io.shopwatch.tracing.jaeger.JaegerModel.Span;
import io.shopwatch.tracing.jaeger.JaegerModel.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Span rows of one trace (OpenObserve's span layout) as a Jaeger trace, as Jaeger's own OTLP translation shows them:
 * the parent as a {@code CHILD_OF} reference, links as {@code FOLLOWS_FROM}, span attributes as tags plus
 * {@code span.kind}, {@code otel.status_code}, {@code otel.status_description} and {@code error=true} for an
 * {@code ERROR} status, events as logs (the name as the field {@code event}), and one process per distinct service
 * and resource attributes ({@code service_<key>} columns, the prefix removed), numbered {@code p1}, {@code p2}, ...
 * in order of first use. Attribute keys are the stored column names (lower case, {@code .} as {@code _}).
 */
public final class JaegerTraces {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Map<String, String> KINDS =
            Map.of("1", "internal", "2", "server", "3", "client", "4", "producer", "5", "consumer");

    /** Columns that are part of the span itself, not tags. */
    private static final Set<String> LAYOUT = Set.of(
            SpanRows.TRACE_ID,
            SpanRows.SPAN_ID,
            SpanRows.PARENT_SPAN_ID,
            SpanRows.PARENT_TRACE_ID,
            SpanRows.REF_TYPE,
            SpanRows.SERVICE_NAME,
            SpanRows.OPERATION_NAME,
            SpanRows.SPAN_KIND,
            SpanRows.SPAN_STATUS,
            SpanRows.STATUS_CODE,
            SpanRows.STATUS_MESSAGE,
            SpanRows.START_TIME,
            SpanRows.END_TIME,
            SpanRows.DURATION,
            SpanRows.TIMESTAMP,
            SpanRows.EVENTS,
            SpanRows.LINKS,
            SpanRows.FLAGS,
            "_o2_ingest_ts");

    private JaegerTraces() {}

    /** The trace of these rows (spans in the rows' order; a span id seen twice is shown once). */
    public static Trace of(String traceId, List<Map<String, Object>> rows) {
        Map<String, Process> processes = new LinkedHashMap<>();
        Map<Process, String> processIds = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        List<Span> spans = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            String spanId = text(row.get(SpanRows.SPAN_ID));
            if (spanId == null || !seen.add(spanId)) {
                continue;
            }
            Process process = process(row);
            String processId = processIds.computeIfAbsent(process, p -> "p" + (processIds.size() + 1));
            processes.putIfAbsent(processId, process);
            long start = number(row.get(SpanRows.START_TIME));
            long end = Math.max(start, number(row.get(SpanRows.END_TIME)));
            spans.add(new Span(
                    traceId,
                    spanId,
                    text(row.get(SpanRows.OPERATION_NAME)),
                    references(traceId, row),
                    start / 1000,
                    (end - start) / 1000,
                    tags(row),
                    logs(text(row.get(SpanRows.EVENTS))),
                    processId,
                    null));
        }
        return new Trace(traceId, spans, processes, null);
    }

    private static Process process(Map<String, Object> row) {
        List<KeyValue> tags = new ArrayList<>();
        row.forEach((key, value) -> {
            if (key.startsWith(SpanRows.RESOURCE_PREFIX) && !key.equals(SpanRows.SERVICE_NAME) && value != null) {
                tags.add(KeyValue.of(key.substring(SpanRows.RESOURCE_PREFIX.length()), value));
            }
        });
        tags.sort(java.util.Comparator.comparing(KeyValue::key));
        String service = text(row.get(SpanRows.SERVICE_NAME));
        return new Process(service == null ? "unknown" : service, tags);
    }

    private static List<Reference> references(String traceId, Map<String, Object> row) {
        List<Reference> references = new ArrayList<>();
        String parent = text(row.get(SpanRows.PARENT_SPAN_ID));
        if (parent != null && !parent.isEmpty()) {
            String parentTrace = text(row.get(SpanRows.PARENT_TRACE_ID));
            references.add(new Reference(
                    "CHILD_OF", parentTrace == null || parentTrace.isEmpty() ? traceId : parentTrace, parent));
        }
        for (JsonNode link : array(text(row.get(SpanRows.LINKS)))) {
            JsonNode context = link.path("context");
            String linkedTrace = context.path("traceId").asString("");
            String linkedSpan = context.path("spanId").asString("");
            if (!linkedTrace.isEmpty() && !linkedSpan.isEmpty()) {
                references.add(new Reference("FOLLOWS_FROM", linkedTrace, linkedSpan));
            }
        }
        return references;
    }

    private static List<KeyValue> tags(Map<String, Object> row) {
        List<KeyValue> tags = new ArrayList<>();
        row.forEach((key, value) -> {
            if (!LAYOUT.contains(key) && !key.startsWith(SpanRows.RESOURCE_PREFIX) && value != null) {
                tags.add(KeyValue.of(key, value));
            }
        });
        tags.sort(java.util.Comparator.comparing(KeyValue::key));
        String kind = KINDS.get(text(row.get(SpanRows.SPAN_KIND)));
        if (kind != null) {
            tags.add(KeyValue.of("span.kind", kind));
        }
        String status = text(row.get(SpanRows.SPAN_STATUS));
        if ("ERROR".equals(status) || "OK".equals(status)) {
            tags.add(KeyValue.of("otel.status_code", status));
        }
        String message = text(row.get(SpanRows.STATUS_MESSAGE));
        if (message != null && !message.isEmpty()) {
            tags.add(KeyValue.of("otel.status_description", message));
        }
        if ("ERROR".equals(status)) {
            tags.add(KeyValue.of("error", true));
        }
        return tags;
    }

    private static List<Log> logs(String events) {
        List<Log> logs = new ArrayList<>();
        for (JsonNode event : array(events)) {
            List<KeyValue> fields = new ArrayList<>();
            fields.add(KeyValue.of("event", event.path("name").asString("")));
            for (Map.Entry<String, JsonNode> field : event.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (key.equals("name") || key.equals(SpanRows.TIMESTAMP) || value.isNull()) {
                    continue;
                }
                Object scalar = value.isBoolean()
                        ? (Object) value.asBoolean()
                        : value.isIntegralNumber()
                                ? (Object) value.asLong()
                                : value.isNumber()
                                        ? (Object) value.asDouble()
                                        : value.isString() ? value.asString() : value.toString();
                fields.add(KeyValue.of(key, scalar));
            }
            logs.add(new Log(event.path(SpanRows.TIMESTAMP).asLong(0) / 1000, fields));
        }
        return logs;
    }

    private static Iterable<JsonNode> array(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node.isArray() ? node : List.of();
        } catch (JacksonException e) {
            return List.of();
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        return value == null ? 0 : Long.parseLong(value.toString());
    }
}
