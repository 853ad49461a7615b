package io.shopwatch.gateway.problem;

import io.shopwatch.common.web.ProblemType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A problem the gateway answers itself: its stable type, a human-readable detail, an optional Retry-After and extension
 * members such as the route id.
 */
public record GatewayProblem(ProblemType type, String detail, Duration retryAfter, Map<String, Object> properties) {

    public GatewayProblem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        properties = Map.copyOf(properties);
    }

    public static GatewayProblem of(ProblemType type, String detail) {
        return new GatewayProblem(type, detail, null, Map.of());
    }

    /** The same problem, telling the client when to try again. */
    public GatewayProblem retryAfter(Duration after) {
        return new GatewayProblem(type, detail, after, properties);
    }

    /** The same problem with one more extension member. */
    public GatewayProblem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(properties);
        more.put(name, value);
        return new GatewayProblem(type, detail, retryAfter, more);
    }

    /** Retry-After in whole seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
        if (retryAfter == null) {
            return 0;
        }
        long millis = retryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
