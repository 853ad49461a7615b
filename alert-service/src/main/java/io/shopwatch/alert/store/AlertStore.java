package io.shopwatch.alert.store;

import io.shopwatch.alert.core.Alert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every organisation's alerts in memory, written through to {@link AlertPersistence}. An incoming alert is merged with
 * the stored one as Alertmanager does; a write that lost a race with another replica is re-read, re-merged and written
 * again. Listeners hear of every new version, whether it was written here or arrived from another replica.
 */
public final class AlertStore {

    /** Told about alert changes. */
    public interface Listener {
        void changed(String org, Alert alert);

        default void removed(String org, Alert alert) {}
    }

    private static final int MAX_ATTEMPTS = 8;

    private final Map<String, Map<Long, StoredAlert>> orgs = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AlertPersistence persistence;
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public AlertStore(Clock clock, AlertPersistence persistence) {
        this.clock = clock;
        this.persistence = persistence;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Merges and stores alerts (already completed with start, end and update time); returns what was stored. */
    public List<Alert> put(String org, List<Alert> incoming) {
        Map<Long, StoredAlert> alerts = org(org);
        Map<Long, Alert> pending = new java.util.LinkedHashMap<>();
        for (Alert a : incoming) {
            Alert earlier = pending.get(a.fingerprint());
            Instant now = clock.instant();
            pending.put(a.fingerprint(), earlier == null ? a : earlier.absorb(a, now));
        }
        List<Alert> stored = new ArrayList<>(pending.size());
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            Instant now = clock.instant();
            long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
            List<AlertPersistence.Write> writes = new ArrayList<>(pending.size());
            Map<Long, Alert> replaced = new java.util.HashMap<>();
            for (Alert a : pending.values()) {
                StoredAlert current = alerts.get(a.fingerprint());
                Alert merged = current == null ? a : current.alert().absorb(a, now);
                long expected = current == null ? 0 : current.version();
                writes.add(new AlertPersistence.Write(merged, expected, Math.max(expected + 1, micros)));
                if (current != null
                        && current.alert().resolvedAt(now)
                        && !current.alert().startsAt().equals(merged.startsAt())) {
                    replaced.put(a.fingerprint(), current.alert());
                }
            }
            Set<Long> conflicts = persistence.write(org, writes);
            List<Alert> ended = new ArrayList<>();
            for (AlertPersistence.Write w : writes) {
                if (!conflicts.contains(w.alert().fingerprint())) {
                    apply(org, new StoredAlert(w.alert(), w.newVersion()));
                    stored.add(w.alert());
                    pending.remove(w.alert().fingerprint());
                    Alert earlier = replaced.get(w.alert().fingerprint());
                    if (earlier != null) {
                        ended.add(earlier);
                    }
                }
            }
            // a new firing of a resolved label set replaces the row: the resolved one stays in the archive
            persistence.archive(org, ended);
            if (pending.isEmpty()) {
                break;
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new IllegalStateException("alerts kept changing concurrently: " + pending.size() + " not stored");
            }
            persistence.read(org, pending.keySet()).forEach(s -> apply(org, s));
        }
        return stored;
    }

    /** Whether a version written elsewhere is newer than the one held (what {@link #apply} would take). */
    public boolean isNewer(String org, StoredAlert incoming) {
        Map<Long, StoredAlert> alerts = orgs.get(org);
        StoredAlert old = alerts == null ? null : alerts.get(incoming.alert().fingerprint());
        return old == null || old.version() < incoming.version();
    }

    /** Takes a version written elsewhere if it is newer than the one held; true when it was. */
    public boolean apply(String org, StoredAlert incoming) {
        Map<Long, StoredAlert> alerts = org(org);
        boolean[] newer = {false};
        alerts.compute(incoming.alert().fingerprint(), (fp, old) -> {
            if (old == null || old.version() < incoming.version()) {
                newer[0] = true;
                return incoming;
            }
            return old;
        });
        if (newer[0]) {
            for (Listener l : listeners) {
                l.changed(org, incoming.alert());
            }
        }
        return newer[0];
    }

    public Collection<Alert> all(String org) {
        Map<Long, StoredAlert> alerts = orgs.get(org);
        return alerts == null
                ? List.of()
                : alerts.values().stream().map(StoredAlert::alert).toList();
    }

    public Optional<Alert> get(String org, long fingerprint) {
        Map<Long, StoredAlert> alerts = orgs.get(org);
        StoredAlert s = alerts == null ? null : alerts.get(fingerprint);
        return s == null ? Optional.empty() : Optional.of(s.alert());
    }

    public Set<String> orgs() {
        return orgs.keySet();
    }

    /** Removes alerts resolved more than {@code retention} ago (here and, when {@code persist}, in the database). */
    public int gc(Duration retention, boolean persist) {
        Instant limit = clock.instant().minus(retention);
        int removed = 0;
        for (Map.Entry<String, Map<Long, StoredAlert>> e : orgs.entrySet()) {
            List<StoredAlert> old = new ArrayList<>();
            for (StoredAlert s : e.getValue().values()) {
                if (s.alert().endsAt() != null && s.alert().endsAt().isBefore(limit)) {
                    old.add(s);
                }
            }
            if (old.isEmpty()) {
                continue;
            }
            if (persist) {
                persistence.archive(
                        e.getKey(), old.stream().map(StoredAlert::alert).toList());
                persistence.delete(e.getKey(), old);
            }
            for (StoredAlert s : old) {
                if (e.getValue().remove(s.alert().fingerprint(), s)) {
                    removed++;
                    for (Listener l : listeners) {
                        l.removed(e.getKey(), s.alert());
                    }
                }
            }
        }
        return removed;
    }

    /**
     * The alerts of an organisation that resolved at or after {@code since}: those still held and those archived after
     * they left (each firing once, by label set and start), latest end first, at most {@code limit}.
     */
    public List<Alert> resolvedSince(String org, Instant since, int limit) {
        Instant now = clock.instant();
        Map<String, Alert> out = new java.util.LinkedHashMap<>();
        for (Alert a : all(org)) {
            if (a.resolvedAt(now) && !a.endsAt().isBefore(since)) {
                out.put(episode(a), a);
            }
        }
        for (Alert a : persistence.archivedSince(org, since, limit)) {
            out.putIfAbsent(episode(a), a);
        }
        return out.values().stream()
                .sorted(java.util.Comparator.comparing(Alert::endsAt).reversed())
                .limit(limit)
                .toList();
    }

    /** One firing of a label set (by its start in milliseconds: PostgreSQL rounds nanoseconds to microseconds). */
    private static String episode(Alert a) {
        return a.fingerprint() + "@" + a.startsAt().toEpochMilli();
    }

    /** Forgets archived resolved alerts that ended more than {@code history} ago; returns how many. */
    public int pruneArchive(Duration history) {
        return persistence.pruneArchive(clock.instant().minus(history));
    }

    private Map<Long, StoredAlert> org(String org) {
        return orgs.computeIfAbsent(org, o -> new ConcurrentHashMap<>());
    }
}
