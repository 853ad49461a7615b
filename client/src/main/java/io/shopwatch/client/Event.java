package io.shopwatch.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One behaviour event for ShopWatch ({@code POST /api/v1/events}), e.g. {@code add_to_cart}; see docs/events.md for
 * the vocabulary and each type's properties. Id and timestamp are fixed when the event is made.
 *
 * @param userId pseudonymous user id (never an e-mail address), {@code null} for anonymous visitors
 */
public record Event(
        String id, String type, String sessionId, String userId, Instant timestamp, Map<String, Object> properties) {

    public Event {
        id = id == null ? Ids.next() : id;
        timestamp = timestamp == null ? Instant.now() : timestamp;
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sessionId, "sessionId");
        properties =
                properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static Builder builder(String type, String sessionId) {
        return new Builder(type, sessionId);
    }

    /** Builds an {@link Event} field by field. */
    public static final class Builder {
        private final String type;
        private final String sessionId;
        private String id;
        private String userId;
        private Instant timestamp;
        private final Map<String, Object> properties = new LinkedHashMap<>();

        private Builder(String type, String sessionId) {
            this.type = type;
            this.sessionId = sessionId;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder property(String name, Object value) {
            properties.put(name, value);
            return this;
        }

        public Builder properties(Map<String, ?> values) {
            properties.putAll(values);
            return this;
        }

        public Event build() {
            return new Event(id, type, sessionId, userId, timestamp, properties);
        }
    }
}
