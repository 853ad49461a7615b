package io.shopwatch.alert.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The values an Alertmanager configuration gets where it sets none: the root route's {@code group_wait},
 * {@code group_interval} and {@code repeat_interval}, and {@code global.resolve_timeout}. A configuration's own values
 * win; these only fill what it leaves out.
 *
 * @param groupWait wait before the first notification of a new group
 * @param groupInterval wait between checks of a group for changes
 * @param repeatInterval wait before repeating an unchanged notification
 * @param resolveTimeout the end given to alerts that come without one
 */
public record AlertDefaults(
        Duration groupWait, Duration groupInterval, Duration repeatInterval, Duration resolveTimeout) {

    /** Alertmanager's own defaults: 30s, 5m, 4h, 5m. */
    public static final AlertDefaults ALERTMANAGER = new AlertDefaults(
            Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), Duration.ofMinutes(5));

    /**
     * @throws IllegalArgumentException when a value is missing or not positive
     */
    public AlertDefaults {
        positive(groupWait, "group-wait", true);
        positive(groupInterval, "group-interval", false);
        positive(repeatInterval, "repeat-interval", false);
        positive(resolveTimeout, "resolve-timeout", false);
    }

    private static void positive(Duration value, String name, boolean zeroAllowed) {
        Objects.requireNonNull(value, name + " is required");
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(
                    name + " must be " + (zeroAllowed ? "zero or more" : "more than zero") + ", was " + value);
        }
    }
}
