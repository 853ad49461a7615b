package io.shopwatch.common.trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes {@link SpanRows span rows} back as an OTLP JSON {@code ExportTraceServiceRequest}, so that a store that takes
 * spans only over OTLP (OpenObserve's {@code /api/{org}/v1/traces}) stores the same rows again: resource columns
 * ({@code service_*}) become resource attributes without the prefix, the other non-reserved columns become span
 * attributes, and the keys are already in OpenObserve's format, which formats them to themselves.
 */
public final class OtlpJson {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Columns a store adds on its own; they are not sent back as attributes. */
    private static final Set<String> NOT_ATTRIBUTES = Set.of("_o2_ingest_ts", "_original", "_all_values");

    private OtlpJson() {}

    /** An {@code ExportTraceServiceRequest} holding the rows, one resource per distinct service and resource. */
    public static ObjectNode fromRows(List<Map<String, Object>> rows) {
        Map<Map<String, Object>, ArrayNode> spansByResource = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put("service.name", String.valueOf(row.getOrDefault(SpanRows.SERVICE_NAME, "unknown")));
            ObjectNode span = NODES.objectNode();
            ArrayNode attributes = NODES.arrayNode();
            for (Map.Entry<String, Object> column : row.entrySet()) {
                String key = column.getKey();
                Object value = column.getValue();
                if (value == null || SpanRows.RESERVED.contains(key) || NOT_ATTRIBUTES.contains(key)) {
                    continue;
                }
                if (key.startsWith(SpanRows.RESOURCE_PREFIX)) {
                    resource.put(key.substring(SpanRows.RESOURCE_PREFIX.length()), value);
                } else {
                    attributes.add(keyValue(key, value));
                }
            }
            span.put("traceId", String.valueOf(row.get(SpanRows.TRACE_ID)));
            span.put("spanId", String.valueOf(row.get(SpanRows.SPAN_ID)));
            if (row.get(SpanRows.PARENT_SPAN_ID) instanceof String parent && !parent.isEmpty()) {
                span.put("parentSpanId", parent);
            }
            span.put("name", String.valueOf(row.getOrDefault(SpanRows.OPERATION_NAME, "")));
            span.put("kind", Integer.parseInt(String.valueOf(row.getOrDefault(SpanRows.SPAN_KIND, "0"))));
            span.put("startTimeUnixNano", String.valueOf(number(row.get(SpanRows.START_TIME))));
            span.put("endTimeUnixNano", String.valueOf(number(row.get(SpanRows.END_TIME))));
            span.set("attributes", attributes);
            ObjectNode status = span.putObject("status");
            String spanStatus = String.valueOf(row.getOrDefault(SpanRows.SPAN_STATUS, "UNSET"));
            status.put("code", "ERROR".equals(spanStatus) ? 2 : "OK".equals(spanStatus) ? 1 : 0);
            if (row.get(SpanRows.STATUS_MESSAGE) instanceof String message && !message.isEmpty()) {
                status.put("message", message);
            }
            span.set("events", events(row.get(SpanRows.EVENTS)));
            span.set("links", links(row.get(SpanRows.LINKS)));
            spansByResource.computeIfAbsent(resource, r -> NODES.arrayNode()).add(span);
        }
        ObjectNode request = NODES.objectNode();
        ArrayNode resourceSpans = request.putArray("resourceSpans");
        spansByResource.forEach((resource, spans) -> {
            ObjectNode rs = resourceSpans.addObject();
            ArrayNode attributes = rs.putObject("resource").putArray("attributes");
            resource.forEach((key, value) -> attributes.add(keyValue(key, value)));
            rs.putArray("scopeSpans").addObject().set("spans", spans);
        });
        return request;
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        return value == null ? 0 : Long.parseLong(value.toString());
    }

    private static ObjectNode keyValue(String key, Object value) {
        ObjectNode kv = NODES.objectNode();
        kv.put("key", key);
        ObjectNode any = kv.putObject("value");
        if (value instanceof Boolean b) {
            any.put("boolValue", b);
        } else if (value instanceof Double || value instanceof Float) {
            any.put("doubleValue", ((Number) value).doubleValue());
        } else if (value instanceof Number n) {
            any.put("intValue", Long.toString(n.longValue()));
        } else {
            any.put("stringValue", value.toString());
        }
        return kv;
    }

    private static JsonNode parse(Object text) {
        if (!(text instanceof String s) || s.isBlank()) {
            return NODES.arrayNode();
        }
        try {
            JsonNode node = JSON.readTree(s);
            return node.isArray() ? node : NODES.arrayNode();
        } catch (RuntimeException e) {
            return NODES.arrayNode();
        }
    }

    private static ArrayNode events(Object text) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode event : parse(text)) {
            ObjectNode e = out.addObject();
            e.put("name", event.path("name").asString(""));
            e.put("timeUnixNano", Long.toString(event.path(SpanRows.TIMESTAMP).asLong()));
            ArrayNode attributes = e.putArray("attributes");
            for (Map.Entry<String, JsonNode> field : event.properties()) {
                if (!field.getKey().equals("name") && !field.getKey().equals(SpanRows.TIMESTAMP)) {
                    attributes.add(keyValue(field.getKey(), scalar(field.getValue())));
                }
            }
        }
        return out;
    }

    private static ArrayNode links(Object text) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode link : parse(text)) {
            ObjectNode l = out.addObject();
            JsonNode context = link.path("context");
            l.put("traceId", context.path("traceId").asString(""));
            l.put("spanId", context.path("spanId").asString(""));
            if (!context.path("traceState").asString("").isEmpty()) {
                l.put("traceState", context.path("traceState").asString());
            }
            ArrayNode attributes = l.putArray("attributes");
            for (Map.Entry<String, JsonNode> field : link.properties()) {
                if (!field.getKey().equals("context") && !field.getKey().equals("droppedAttributesCount")) {
                    attributes.add(keyValue(field.getKey(), scalar(field.getValue())));
                }
            }
        }
        return out;
    }

    private static Object scalar(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return value.isString() ? value.asString() : value.toString();
    }
}
