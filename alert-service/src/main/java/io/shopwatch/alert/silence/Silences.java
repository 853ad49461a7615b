package io.shopwatch.alert.silence;

import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.matcher.Matcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The silences of one organisation, with Alertmanager's rules for creating, updating and expiring them. Every change
 * is handed to a listener (the database); changes made elsewhere arrive through {@link #apply(Silence)}.
 */
public final class Silences {

    private final Map<String, Silence> silences = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Consumer<Silence> onChange;

    public Silences(Clock clock, Consumer<Silence> onChange) {
        this.clock = clock;
        this.onChange = onChange;
    }

    /**
     * Creates or updates a silence as Alertmanager does: an existing silence is updated in place only when its
     * matchers are unchanged and, if active, its start is kept and its end is not in the past (if pending, the new
     * start is not in the past); otherwise the old one is expired and a new one with a new id is created. A start in
     * the past becomes now.
     *
     * @throws SilenceException when the id is unknown or the silence is invalid
     */
    public synchronized Silence set(Silence silence) {
        validate(silence);
        Instant now = clock.instant();
        Silence previous = null;
        if (silence.id() != null && !silence.id().isEmpty()) {
            previous = silences.get(silence.id());
            if (previous == null) {
                throw new SilenceException(SilenceException.Kind.NOT_FOUND, "silence " + silence.id() + " not found");
            }
            if (canUpdate(previous, silence, now)) {
                Silence updated = silence.withTimes(silence.startsAt(), silence.endsAt(), now);
                store(updated);
                return updated;
            }
        }
        Instant start = silence.startsAt().isBefore(now) ? now : silence.startsAt();
        Silence created = new Silence(
                UUID.randomUUID().toString(),
                silence.matchers(),
                start,
                silence.endsAt(),
                now,
                silence.createdBy(),
                silence.comment());
        if (previous != null && previous.state(now) != SilenceState.EXPIRED) {
            expire(previous.id());
        }
        store(created);
        return created;
    }

    /** Ends a silence now (a pending one gets start = end = now). */
    public synchronized Silence expire(String id) {
        Silence s = silences.get(id);
        if (s == null) {
            throw new SilenceException(SilenceException.Kind.NOT_FOUND, "silence " + id + " not found");
        }
        Instant now = clock.instant();
        Silence expired =
                switch (s.state(now)) {
                    case EXPIRED ->
                        throw new SilenceException(
                                SilenceException.Kind.ALREADY_EXPIRED, "silence " + id + " already expired");
                    case ACTIVE -> s.withTimes(s.startsAt(), now, now);
                    case PENDING -> s.withTimes(now, now, now);
                };
        store(expired);
        return expired;
    }

    /** Takes a silence written elsewhere (another replica); the newer version wins. */
    public void apply(Silence s) {
        silences.merge(s.id(), s, (old, neu) -> neu.updatedAt().isBefore(old.updatedAt()) ? old : neu);
    }

    public Optional<Silence> get(String id) {
        return Optional.ofNullable(silences.get(id));
    }

    /** All silences, in Alertmanager's order: active by end, then pending by start, then expired newest end first. */
    public List<Silence> all() {
        Instant now = clock.instant();
        List<Silence> list = new ArrayList<>(silences.values());
        list.sort((a, b) -> {
            SilenceState sa = a.state(now);
            SilenceState sb = b.state(now);
            if (sa != sb) {
                return Integer.compare(rank(sa), rank(sb));
            }
            return switch (sa) {
                case ACTIVE -> a.endsAt().compareTo(b.endsAt());
                case PENDING -> a.startsAt().compareTo(b.startsAt());
                case EXPIRED -> b.endsAt().compareTo(a.endsAt());
            };
        });
        return list;
    }

    private static int rank(SilenceState state) {
        return switch (state) {
            case ACTIVE -> 0;
            case PENDING -> 1;
            case EXPIRED -> 2;
        };
    }

    /** Ids of the active silences that mute these labels, sorted. */
    public List<String> mutedBy(LabelSet labels) {
        Instant now = clock.instant();
        List<String> ids = new ArrayList<>();
        for (Silence s : silences.values()) {
            if (s.mutes(labels, now)) {
                ids.add(s.id());
            }
        }
        ids.sort(null);
        return ids;
    }

    public boolean mutes(LabelSet labels) {
        Instant now = clock.instant();
        for (Silence s : silences.values()) {
            if (s.mutes(labels, now)) {
                return true;
            }
        }
        return false;
    }

    /** Forgets silences that expired more than {@code retention} ago. */
    public void gc(Duration retention) {
        Instant limit = clock.instant().minus(retention);
        silences.values().removeIf(s -> s.endsAt().isBefore(limit));
    }

    public int size() {
        return silences.size();
    }

    private void store(Silence s) {
        silences.put(s.id(), s);
        onChange.accept(s);
    }

    private static boolean canUpdate(Silence a, Silence b, Instant now) {
        if (!a.matchers().equals(b.matchers())) {
            return false;
        }
        switch (a.state(now)) {
            case ACTIVE -> {
                if (!b.startsAt().equals(a.startsAt()) || b.endsAt().isBefore(now)) {
                    return false;
                }
            }
            case PENDING -> {
                if (b.startsAt().isBefore(now)) {
                    return false;
                }
            }
            case EXPIRED -> {
                return false;
            }
        }
        return true;
    }

    /** Alertmanager's validation of a silence. */
    public static void validate(Silence s) {
        if (s.matchers().isEmpty()) {
            throw invalid("at least one matcher required");
        }
        boolean allMatchEmpty = true;
        for (Matcher m : s.matchers()) {
            if (!m.matches("")) {
                allMatchEmpty = false;
            }
        }
        if (allMatchEmpty) {
            throw invalid("at least one matcher must not match the empty string");
        }
        if (s.startsAt() == null || s.endsAt() == null) {
            throw invalid("startsAt and endsAt are required");
        }
        if (s.endsAt().isBefore(s.startsAt())) {
            throw invalid("end time must not be before start time");
        }
        if (s.createdBy() == null || s.createdBy().isBlank()) {
            throw invalid("createdBy is required");
        }
        if (s.comment() == null || s.comment().isBlank()) {
            throw invalid("comment is required");
        }
    }

    private static SilenceException invalid(String detail) {
        return new SilenceException(SilenceException.Kind.INVALID, detail);
    }
}
