package io.shopwatch.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One log record for ShopWatch ({@code POST /api/v1/logs}). The id and timestamp are fixed when the entry is made,
 * so a retried send is recognised as the same record downstream.
 *
 * @param attributes free fields: strings, numbers, booleans, lists and maps of those
 */
public record LogEntry(
        String id,
        Instant timestamp,
        String level,
        String service,
        String message,
        String traceId,
        String spanId,
        String stream,
        Map<String, Object> attributes) {

    public LogEntry {
        id = id == null ? Ids.next() : id;
        timestamp = timestamp == null ? Instant.now() : timestamp;
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(message, "message");
        attributes =
                attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** An entry stamped now with a new id. */
    public static LogEntry of(String level, String service, String message) {
        return new LogEntry(null, null, level, service, message, null, null, null, null);
    }

    public static Builder builder(String level, String service, String message) {
        return new Builder(level, service, message);
    }

    /** Builds a {@link LogEntry} field by field. */
    public static final class Builder {
        private final String level;
        private final String service;
        private final String message;
        private String id;
        private Instant timestamp;
        private String traceId;
        private String spanId;
        private String stream;
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private Builder(String level, String service, String message) {
            this.level = level;
            this.service = service;
            this.message = message;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** W3C trace id (32 hex digits) and span id (16) of the work that logged this. */
        public Builder trace(String traceId, String spanId) {
            this.traceId = traceId;
            this.spanId = spanId;
            return this;
        }

        /** The OpenObserve stream, {@code logs} when not set. */
        public Builder stream(String stream) {
            this.stream = stream;
            return this;
        }

        public Builder attribute(String name, Object value) {
            attributes.put(name, value);
            return this;
        }

        public Builder attributes(Map<String, ?> values) {
            attributes.putAll(values);
            return this;
        }

        public LogEntry build() {
            return new LogEntry(id, timestamp, level, service, message, traceId, spanId, stream, attributes);
        }
    }
}
