package io.shopwatch.tracing.jaeger;

import java.util.List;
import java.util.Map;

/**
 * The JSON of Jaeger's query HTTP API (jaeger-query's {@code structuredResponse} and its UI model): ids in hex, times
 * and durations in microseconds. Field names are Jaeger's, spelled as its UI and Grafana's Jaeger data source read
 * them.
 */
public final class JaegerModel {

    private JaegerModel() {}

    /** Every answer: {@code {"data":...,"total":0,"limit":0,"offset":0,"errors":null}}. */
    public record Response<T>(T data, int total, int limit, int offset, List<Error> errors) {

        public static <T> Response<T> of(T data) {
            return new Response<>(data, 0, 0, 0, null);
        }

        /** A list with its size as {@code total}, as Jaeger answers services and operations. */
        public static <T> Response<List<T>> counted(List<T> data) {
            return new Response<>(data, data.size(), 0, 0, null);
        }

        public static Response<Object> error(int code, String msg) {
            return new Response<>(null, 0, 0, 0, List.of(new Error(code, msg)));
        }
    }

    /** An error of an answer. */
    public record Error(int code, String msg) {}

    /** A trace: its spans, and the processes (a service and its resource tags) they point at by id. */
    public record Trace(String traceID, List<Span> spans, Map<String, Process> processes, List<String> warnings) {}

    /** A span; {@code startTime} in µs since the epoch, {@code duration} in µs. */
    public record Span(
            String traceID,
            String spanID,
            String operationName,
            List<Reference> references,
            long startTime,
            long duration,
            List<KeyValue> tags,
            List<Log> logs,
            String processID,
            List<String> warnings) {}

    /** {@code CHILD_OF} (the parent) or {@code FOLLOWS_FROM} (a link). */
    public record Reference(String refType, String traceID, String spanID) {}

    /** A tag; {@code type} is {@code string}, {@code bool}, {@code int64} or {@code float64}. */
    public record KeyValue(String key, String type, Object value) {

        public static KeyValue of(String key, Object value) {
            if (value instanceof Boolean) {
                return new KeyValue(key, "bool", value);
            }
            if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                return new KeyValue(key, "int64", ((Number) value).longValue());
            }
            if (value instanceof Number n) {
                return new KeyValue(key, "float64", n.doubleValue());
            }
            return new KeyValue(key, "string", String.valueOf(value));
        }
    }

    /** A span event, as Jaeger's span log; {@code timestamp} in µs. */
    public record Log(long timestamp, List<KeyValue> fields) {}

    /** The service a span ran in, with its resource attributes as tags. */
    public record Process(String serviceName, List<KeyValue> tags) {}

    /** A dependency link: {@code parent} called {@code child} {@code callCount} times. */
    public record Dependency(String parent, String child, long callCount) {}
}
