package io.shopwatch.alert.silence;

import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.matcher.Matcher;
import java.time.Instant;
import java.util.List;

/**
 * A silence: alerts whose labels match every matcher are muted while it is active.
 *
 * @param id identifier (UUID)
 * @param matchers all must match
 * @param startsAt start of the muting
 * @param endsAt end of the muting (exclusive)
 * @param updatedAt last change
 * @param createdBy author
 * @param comment why
 */
public record Silence(
        String id,
        List<Matcher> matchers,
        Instant startsAt,
        Instant endsAt,
        Instant updatedAt,
        String createdBy,
        String comment) {

    public Silence {
        matchers = List.copyOf(matchers);
    }

    public SilenceState state(Instant now) {
        return SilenceState.of(startsAt, endsAt, now);
    }

    /** Whether it mutes an alert with these labels at {@code now}. */
    public boolean mutes(LabelSet labels, Instant now) {
        if (state(now) != SilenceState.ACTIVE) {
            return false;
        }
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public Silence withId(String newId) {
        return new Silence(newId, matchers, startsAt, endsAt, updatedAt, createdBy, comment);
    }

    public Silence withTimes(Instant start, Instant end, Instant updated) {
        return new Silence(id, matchers, start, end, updated, createdBy, comment);
    }
}
