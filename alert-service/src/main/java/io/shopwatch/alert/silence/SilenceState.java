package io.shopwatch.alert.silence;

import java.time.Instant;

/** Alertmanager's silence states. */
public enum SilenceState {
    PENDING,
    ACTIVE,
    EXPIRED;

    /** Pending before the start, active until the end (exclusive), expired after. */
    public static SilenceState of(Instant startsAt, Instant endsAt, Instant now) {
        if (now.isBefore(startsAt)) {
            return PENDING;
        }
        if (now.isBefore(endsAt)) {
            return ACTIVE;
        }
        return EXPIRED;
    }

    /** The lower-case name the API uses. */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
