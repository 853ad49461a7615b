package io.shopwatch.common.trace;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenObserve's span row, the layout of a {@code traces} stream, built from an OTLP {@code ExportTraceServiceRequest}
 * in OTLP's JSON encoding (hex ids, enums as integers, 64-bit integers as strings or numbers). One row per span:
 * {@code trace_id}, {@code span_id} (lower-case hex), {@code reference_parent_span_id} /
 * {@code reference_parent_trace_id} / {@code reference_ref_type} when there is a parent, {@code span_kind} (the OTLP
 * number as text), {@code span_status} ({@code OK}, {@code ERROR}, {@code UNSET}), {@code operation_name},
 * {@code start_time} / {@code end_time} (ns), {@code duration} (µs), {@code _timestamp} (µs, the start),
 * {@code service_name}, every span attribute as a column with OpenObserve's key format ({@code attr_<key>} when it
 * collides with a reserved column or a resource key), every resource attribute as {@code service_<key>},
 * {@code status_code} / {@code status_message}, and {@code events} / {@code links} as JSON text. A span whose trace id
 * is not 16 bytes or whose span id is not 8 bytes is rejected, as OpenObserve does.
 *
 * <p>{@link OtlpJson#fromRows} writes rows back as an OTLP request that OpenObserve turns into the same rows.
 */
public final class SpanRows {

    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";
    public static final String PARENT_SPAN_ID = "reference_parent_span_id";
    public static final String PARENT_TRACE_ID = "reference_parent_trace_id";
    public static final String REF_TYPE = "reference_ref_type";
    public static final String SPAN_KIND = "span_kind";
    public static final String SPAN_STATUS = "span_status";
    public static final String OPERATION_NAME = "operation_name";
    public static final String START_TIME = "start_time";
    public static final String END_TIME = "end_time";
    public static final String DURATION = "duration";
    public static final String TIMESTAMP = "_timestamp";
    public static final String SERVICE_NAME = "service_name";
    public static final String STATUS_CODE = "status_code";
    public static final String STATUS_MESSAGE = "status_message";
    public static final String EVENTS = "events";
    public static final String LINKS = "links";
    public static final String FLAGS = "flags";
    /** Resource attributes become columns with this prefix. */
    public static final String RESOURCE_PREFIX = "service_";
    /** A span attribute whose key collides with a reserved column or a resource column gets this prefix. */
    public static final String COLLISION_PREFIX = "attr_";

    /** Columns of the layout itself, which no attribute may overwrite. */
    public static final Set<String> RESERVED = Set.of(
            TRACE_ID,
            SPAN_ID,
            PARENT_SPAN_ID,
            PARENT_TRACE_ID,
            REF_TYPE,
            SPAN_KIND,
            SPAN_STATUS,
            OPERATION_NAME,
            START_TIME,
            END_TIME,
            DURATION,
            TIMESTAMP,
            SERVICE_NAME,
            STATUS_CODE,
            STATUS_MESSAGE,
            EVENTS,
            LINKS,
            FLAGS,
            "_o2_ingest_ts");

    private static final HexFormat HEX = HexFormat.of();

    /** The rows of a request, and how many spans were rejected (with the first reason). */
    public record Result(List<Map<String, Object>> rows, int rejected, String error) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    private SpanRows() {}

    /**
     * The rows of an OTLP JSON {@code ExportTraceServiceRequest}.
     *
     * @throws IllegalArgumentException when the request is not an OTLP trace request at all (not an object,
     *     {@code resourceSpans} not an array)
     */
    public static Result fromOtlpJson(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("an OTLP trace request is a JSON object");
        }
        JsonNode resourceSpans = request.path("resourceSpans");
        if (!resourceSpans.isMissingNode() && !resourceSpans.isNull() && !resourceSpans.isArray()) {
            throw new IllegalArgumentException("resourceSpans must be an array");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        int rejected = 0;
        String error = null;
        for (JsonNode rs : resourceSpans) {
            Map<String, Object> resource = new LinkedHashMap<>();
            String service = "unknown";
            for (JsonNode kv : rs.path("resource").path("attributes")) {
                String key = kv.path("key").asString("");
                Object value = anyValue(kv.path("value"));
                if (key.equals("service.name") && value != null) {
                    service = value.toString();
                } else if (!key.isEmpty() && value != null) {
                    resource.put(RESOURCE_PREFIX + formatKey(key), value);
                }
            }
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode span : ss.path("spans")) {
                    try {
                        rows.add(row(span, service, resource));
                    } catch (IllegalArgumentException e) {
                        rejected++;
                        if (error == null) {
                            error = e.getMessage();
                        }
                    }
                }
            }
        }
        return new Result(rows, rejected, error);
    }

    private static Map<String, Object> row(JsonNode span, String service, Map<String, Object> resource) {
        String traceId = hexId(span.path("traceId"), 16, "traceId");
        String spanId = hexId(span.path("spanId"), 8, "spanId");
        long start = uint64(span.path("startTimeUnixNano"), "startTimeUnixNano");
        long end = uint64(span.path("endTimeUnixNano"), "endTimeUnixNano");
        if (end < start) {
            throw new IllegalArgumentException("span " + spanId + " ends before it starts");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(TRACE_ID, traceId);
        row.put(SPAN_ID, spanId);
        JsonNode parent = span.path("parentSpanId");
        if (parent.isString() && !parent.asString().isEmpty()) {
            row.put(PARENT_SPAN_ID, hexId(parent, 8, "parentSpanId"));
            row.put(PARENT_TRACE_ID, traceId);
            row.put(REF_TYPE, "ChildOf");
        }
        row.put(SPAN_KIND, Integer.toString(kind(span.path("kind"))));
        int statusCode = statusCode(span.path("status").path("code"));
        row.put(SPAN_STATUS, statusCode == 1 ? "OK" : statusCode == 2 ? "ERROR" : "UNSET");
        row.put(STATUS_CODE, (long) statusCode);
        String statusMessage = span.path("status").path("message").asString("");
        if (!statusMessage.isEmpty()) {
            row.put(STATUS_MESSAGE, statusMessage);
        }
        row.put(OPERATION_NAME, span.path("name").asString(""));
        row.put(START_TIME, start);
        row.put(END_TIME, end);
        row.put(DURATION, (end - start) / 1000);
        row.put(TIMESTAMP, start / 1000);
        row.put(SERVICE_NAME, service);
        row.put(FLAGS, 1L);
        row.putAll(resource);
        for (JsonNode kv : span.path("attributes")) {
            String key = formatKey(kv.path("key").asString(""));
            Object value = anyValue(kv.path("value"));
            if (key.isEmpty() || value == null) {
                continue;
            }
            if (RESERVED.contains(key) || resource.containsKey(key)) {
                key = COLLISION_PREFIX + key;
            }
            row.put(key, value);
        }
        ArrayNode events = JsonNodeFactory.instance.arrayNode();
        for (JsonNode event : span.path("events")) {
            ObjectNode e = events.addObject();
            e.put("name", event.path("name").asString(""));
            e.put(TIMESTAMP, uint64(event.path("timeUnixNano"), "timeUnixNano"));
            for (JsonNode kv : event.path("attributes")) {
                putScalar(e, formatKey(kv.path("key").asString("")), anyValue(kv.path("value")));
            }
        }
        row.put(EVENTS, events.toString());
        ArrayNode links = JsonNodeFactory.instance.arrayNode();
        for (JsonNode link : span.path("links")) {
            ObjectNode l = links.addObject();
            ObjectNode context = l.putObject("context");
            context.put("traceId", hexId(link.path("traceId"), 16, "link traceId"));
            context.put("spanId", hexId(link.path("spanId"), 8, "link spanId"));
            context.put("traceFlags", link.path("flags").asLong(0));
            context.put("traceState", link.path("traceState").asString(""));
            for (JsonNode kv : link.path("attributes")) {
                putScalar(l, formatKey(kv.path("key").asString("")), anyValue(kv.path("value")));
            }
            l.put("droppedAttributesCount", link.path("droppedAttributesCount").asLong(0));
        }
        row.put(LINKS, links.toString());
        return row;
    }

    /** OpenObserve's column name of a key: lower case, every character outside {@code [a-z0-9_]} becomes {@code _}. */
    public static String formatKey(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = Character.toLowerCase(key.charAt(i));
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return out.toString();
    }

    /** A lower-case hex id of exactly {@code bytes} bytes. */
    static String hexId(JsonNode value, int bytes, String field) {
        if (!value.isString()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        String text = value.asString();
        if (text.length() != bytes * 2) {
            throw new IllegalArgumentException(field + " must be " + bytes + " bytes (" + bytes * 2
                    + " hex digits), not " + text.length() + " characters");
        }
        try {
            byte[] raw = HEX.parseHex(text.toLowerCase(Locale.ROOT));
            if (allZero(raw)) {
                throw new IllegalArgumentException(field + " must not be all zeros");
            }
            return HEX.formatHex(raw);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("all zeros")) {
                throw e;
            }
            throw new IllegalArgumentException(field + " is not hex", e);
        }
    }

    private static boolean allZero(byte[] raw) {
        for (byte b : raw) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** A fixed64 in OTLP JSON: a decimal string or a number. */
    static long uint64(JsonNode value, String field) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isString()) {
            try {
                return Long.parseUnsignedLong(value.asString());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " is not an unsigned integer", e);
            }
        }
        throw new IllegalArgumentException(field + " is missing");
    }

    private static int kind(JsonNode value) {
        if (value.isIntegralNumber()) {
            int kind = value.intValue();
            return kind >= 0 && kind <= 5 ? kind : 0;
        }
        return switch (value.asString("")) {
            case "SPAN_KIND_INTERNAL" -> 1;
            case "SPAN_KIND_SERVER" -> 2;
            case "SPAN_KIND_CLIENT" -> 3;
            case "SPAN_KIND_PRODUCER" -> 4;
            case "SPAN_KIND_CONSUMER" -> 5;
            default -> 0;
        };
    }

    private static int statusCode(JsonNode value) {
        if (value.isIntegralNumber()) {
            int code = value.intValue();
            return code == 1 || code == 2 ? code : 0;
        }
        return switch (value.asString("")) {
            case "STATUS_CODE_OK" -> 1;
            case "STATUS_CODE_ERROR" -> 2;
            default -> 0;
        };
    }

    /** The stored value of an OTLP {@code AnyValue}: text, long, double, boolean; arrays and maps as JSON text. */
    static Object anyValue(JsonNode value) {
        if (value.has("stringValue")) {
            return value.path("stringValue").asString("");
        }
        if (value.has("intValue")) {
            JsonNode v = value.path("intValue");
            return v.isString() ? Long.parseLong(v.asString()) : v.asLong();
        }
        if (value.has("doubleValue")) {
            JsonNode v = value.path("doubleValue");
            return v.isString() ? Double.parseDouble(v.asString()) : v.asDouble();
        }
        if (value.has("boolValue")) {
            return value.path("boolValue").asBoolean();
        }
        if (value.has("bytesValue")) {
            return value.path("bytesValue").asString("");
        }
        if (value.has("arrayValue")) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode v : value.path("arrayValue").path("values")) {
                Object item = anyValue(v);
                if (item != null) {
                    out.add(jsonValue(item));
                }
            }
            return out.toString();
        }
        if (value.has("kvlistValue")) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (JsonNode kv : value.path("kvlistValue").path("values")) {
                putScalar(out, kv.path("key").asString(""), anyValue(kv.path("value")));
            }
            return out.toString();
        }
        return null;
    }

    private static void putScalar(ObjectNode node, String key, Object value) {
        if (key.isEmpty() || value == null) {
            return;
        }
        node.set(key, jsonValue(value));
    }

    private static JsonNode jsonValue(Object value) {
        if (value instanceof Long l) {
            return JsonNodeFactory.instance.numberNode(l);
        }
        if (value instanceof Double d) {
            return JsonNodeFactory.instance.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return JsonNodeFactory.instance.booleanNode(b);
        }
        return JsonNodeFactory.instance.stringNode(value.toString());
    }
}
