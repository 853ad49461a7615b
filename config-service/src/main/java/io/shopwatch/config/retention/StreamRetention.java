package io.shopwatch.config.retention;

import io.shopwatch.common.openobserve.StreamType;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The retention of one stream as a release of the {@value #APPLICATION} application states it: a key
 * {@code retention.<type>.<stream>} ({@code retention.logs.orders}) and a whole number of days.
 *
 * @param type the stream's type ({@code logs}, {@code metrics}, {@code traces})
 * @param stream the stream's name as the store has it (letters, digits, {@code _})
 * @param days days of data kept; 0 hands the stream back to the store's global retention
 */
public record StreamRetention(StreamType type, String stream, int days) {

    /** The application (config namespace) whose releases carry the retention of an org's streams. */
    public static final String APPLICATION = "stream-retention";

    private static final Pattern KEY = Pattern.compile("retention\\.(logs|metrics|traces)\\.([a-zA-Z0-9_]{1,256})");

    public StreamRetention {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stream, "stream");
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative, was " + days);
        }
    }

    /** The stream a property key names, with {@code days}; empty for a key that names none. */
    static Optional<StreamRetention> of(String key, int days) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new StreamRetention(StreamType.parse(m.group(1)), m.group(2), days));
    }

    /**
     * What a release asks of the store: every stream it names at its days, and every stream the release before it
     * named and it no longer does back at 0 (the store's global retention). Values that are not whole numbers of days
     * are left out (config-service's schema refuses them before they are published).
     */
    static SortedMap<String, StreamRetention> plan(Map<String, Object> previous, Map<String, Object> current) {
        SortedMap<String, StreamRetention> plan = new TreeMap<>();
        previous.keySet().forEach(key -> {
            if (!current.containsKey(key)) {
                of(key, 0).ifPresent(r -> plan.put(key, r));
            }
        });
        current.forEach((key, value) -> days(value).flatMap(d -> of(key, d)).ifPresent(r -> plan.put(key, r)));
        return plan;
    }

    private static Optional<Integer> days(Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1) {
            return Optional.of(n.intValue());
        }
        if (value instanceof String s && s.strip().matches("[1-9][0-9]{0,5}")) {
            return Optional.of(Integer.parseInt(s.strip()));
        }
        return Optional.empty();
    }
}
