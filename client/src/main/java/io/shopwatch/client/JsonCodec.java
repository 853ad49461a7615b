package io.shopwatch.client;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Writes batches in ShopWatch's wire format (snake_case, RFC 3339 timestamps) and reads its answers. */
final class JsonCodec {

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    byte[] logs(List<LogEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * entries.size() + 2);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartArray();
            for (LogEntry e : entries) {
                g.writeStartObject();
                g.writeStringProperty("id", e.id());
                g.writeStringProperty("timestamp", e.timestamp().toString());
                g.writeStringProperty("level", e.level());
                g.writeStringProperty("service", e.service());
                g.writeStringProperty("message", e.message());
                optional(g, "trace_id", e.traceId());
                optional(g, "span_id", e.spanId());
                optional(g, "stream", e.stream());
                map(g, "attributes", e.attributes());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    byte[] events(List<Event> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * events.size() + 2);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartArray();
            for (Event e : events) {
                g.writeStartObject();
                g.writeStringProperty("id", e.id());
                g.writeStringProperty("type", e.type());
                g.writeStringProperty("session_id", e.sessionId());
                optional(g, "user_id", e.userId());
                g.writeStringProperty("timestamp", e.timestamp().toString());
                map(g, "properties", e.properties());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    /**
     * {@code [{"name","type","value"|"buckets"+"sum"+"count","labels","timestamp","unit"?,"help"?}]}, the timestamp in
     * milliseconds since the epoch and histogram buckets as upper bound to cumulative count.
     */
    byte[] metrics(List<MetricSample> samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160 * samples.size() + 2);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartArray();
            for (MetricSample s : samples) {
                g.writeStartObject();
                g.writeStringProperty("name", s.name());
                g.writeStringProperty("type", s.type().wire());
                if (s.type() == MetricSample.Type.HISTOGRAM) {
                    g.writeName("buckets");
                    g.writeStartObject();
                    double[] bounds = s.bounds();
                    long[] counts = s.cumulativeCounts();
                    for (int i = 0; i < bounds.length; i++) {
                        g.writeNumberProperty(bound(bounds[i]), counts[i]);
                    }
                    g.writeEndObject();
                    g.writeNumberProperty("sum", s.sum());
                    g.writeNumberProperty("count", s.count());
                } else {
                    g.writeNumberProperty("value", s.value());
                }
                if (!s.labels().isEmpty()) {
                    g.writeName("labels");
                    g.writeStartObject();
                    for (Map.Entry<String, String> label : s.labels().entrySet()) {
                        g.writeStringProperty(label.getKey(), label.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeNumberProperty("timestamp", s.timestamp().toEpochMilli());
                optional(g, "unit", s.unit());
                optional(g, "help", s.help());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    /** An upper bound as Prometheus writes {@code le}: {@code 0.5}, {@code 1}, {@code +Inf}. */
    static String bound(double le) {
        if (le == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        return java.math.BigDecimal.valueOf(le).stripTrailingZeros().toPlainString();
    }

    IngestResult result(String body) {
        return mapper.readValue(body, IngestResult.class);
    }

    private static void optional(JsonGenerator g, String name, String value) {
        if (value != null) {
            g.writeStringProperty(name, value);
        }
    }

    private static void map(JsonGenerator g, String name, Map<String, Object> values) {
        if (!values.isEmpty()) {
            g.writeName(name);
            g.writePOJO(values);
        }
    }
}
