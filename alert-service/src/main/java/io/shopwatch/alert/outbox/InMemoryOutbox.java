package io.shopwatch.alert.outbox;

import io.shopwatch.alert.outbox.OutboxEntry.Status;
import io.shopwatch.alert.outbox.OutboxEntry.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** The outbox in memory, for one process (simulations and tests); the reference for the database implementation. */
public final class InMemoryOutbox implements Outbox {

    private final TreeMap<Long, OutboxEntry> entries = new TreeMap<>();
    private final Map<String, Long> byDecision = new HashMap<>();
    private final Map<Long, Instant> locks = new HashMap<>();
    private long nextId = 1;

    @Override
    public synchronized long enqueue(OutboxEntry.Draft d) {
        Long existing = byDecision.get(d.decisionKey());
        if (existing != null) {
            return existing;
        }
        long id = nextId++;
        entries.put(
                id,
                new OutboxEntry(
                        id,
                        d.target(),
                        d.groupKey(),
                        d.groupId(),
                        d.decisionKey(),
                        d.kind(),
                        Status.PENDING,
                        d.notification(),
                        0,
                        d.createdAt(),
                        d.createdAt(),
                        d.deadline(),
                        null,
                        null,
                        null));
        byDecision.put(d.decisionKey(), id);
        return id;
    }

    @Override
    public synchronized int supersede(Target target, String groupKey, long newer) {
        int n = 0;
        for (OutboxEntry e : new ArrayList<>(entries.headMap(newer).values())) {
            if (e.target().equals(target)
                    && e.groupKey().equals(groupKey)
                    && e.kind() == OutboxEntry.Kind.NOTIFICATION
                    && e.status() == Status.PENDING) {
                put(
                        e.id(),
                        x -> with(x, Status.SUPERSEDED, x.attempts(), x.nextAttemptAt(), null, null, Instant.now()));
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized Optional<OutboxEntry> acquire(long id, String holder, Instant now, Duration lease) {
        OutboxEntry e = entries.get(id);
        if (e == null || e.status() != Status.PENDING) {
            return Optional.empty();
        }
        locks.put(id, now.plus(lease));
        return Optional.of(put(
                id,
                x -> with(
                        x, Status.SENDING, x.attempts(), x.nextAttemptAt(), x.lastError(), x.providerAnswer(), null)));
    }

    @Override
    public synchronized List<OutboxEntry> acquireDue(String holder, Instant now, Duration lease, int limit) {
        List<OutboxEntry> due = entries.values().stream()
                .filter(e -> e.status() == Status.PENDING && !e.nextAttemptAt().isAfter(now))
                .sorted(Comparator.comparing(OutboxEntry::nextAttemptAt))
                .limit(limit)
                .toList();
        List<OutboxEntry> out = new ArrayList<>();
        for (OutboxEntry e : due) {
            acquire(e.id(), holder, now, lease).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public synchronized void delivered(long id, int attempts, String answer, Instant at) {
        locks.remove(id);
        put(id, x -> with(x, Status.DELIVERED, attempts, x.nextAttemptAt(), x.lastError(), answer, at));
    }

    @Override
    public synchronized void retryLater(long id, int attempts, Instant next, String error, String answer) {
        locks.remove(id);
        OutboxEntry e = entries.get(id);
        if (e != null && e.status() == Status.SENDING) {
            put(id, x -> with(x, Status.PENDING, attempts, next, error, answer, null));
        }
    }

    @Override
    public synchronized void finish(long id, Status status, int attempts, String error, String answer, Instant at) {
        locks.remove(id);
        put(id, x -> with(x, status, attempts, x.nextAttemptAt(), error, answer, at));
    }

    @Override
    public synchronized int releaseLapsedLocks(Instant now) {
        int n = 0;
        for (Map.Entry<Long, Instant> l : new ArrayList<>(locks.entrySet())) {
            if (l.getValue().isBefore(now)) {
                locks.remove(l.getKey());
                put(
                        l.getKey(),
                        x -> with(x, Status.PENDING, x.attempts(), x.nextAttemptAt(), x.lastError(), null, null));
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized boolean retry(String org, long id, Instant now, Instant deadline) {
        OutboxEntry e = entries.get(id);
        if (e == null
                || !e.target().org().equals(org)
                || (e.status() != Status.FAILED && e.status() != Status.EXPIRED)) {
            return false;
        }
        entries.put(
                id,
                new OutboxEntry(
                        id,
                        e.target(),
                        e.groupKey(),
                        e.groupId(),
                        e.decisionKey(),
                        e.kind(),
                        Status.PENDING,
                        e.notification(),
                        e.attempts(),
                        e.createdAt(),
                        now,
                        deadline,
                        e.lastError(),
                        e.providerAnswer(),
                        null));
        return true;
    }

    @Override
    public synchronized Optional<OutboxEntry> get(String org, long id) {
        return Optional.ofNullable(entries.get(id)).filter(e -> e.target().org().equals(org));
    }

    @Override
    public synchronized List<OutboxEntry> list(
            String org, Optional<Status> status, Optional<String> receiver, int limit) {
        return entries.descendingMap().values().stream()
                .filter(e -> e.target().org().equals(org))
                .filter(e -> status.map(s -> s == e.status()).orElse(true))
                .filter(e -> receiver.map(r -> r.equals(e.target().receiver())).orElse(true))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized int gc(Instant before) {
        int n = entries.size();
        entries.values()
                .removeIf(e -> e.status().finished()
                        && e.finishedAt() != null
                        && e.finishedAt().isBefore(before));
        byDecision.values().removeIf(id -> !entries.containsKey(id));
        return n - entries.size();
    }

    /** Every entry, oldest first. */
    public synchronized List<OutboxEntry> all() {
        return List.copyOf(entries.values());
    }

    private OutboxEntry put(long id, UnaryOperator<OutboxEntry> change) {
        OutboxEntry e = change.apply(entries.get(id));
        entries.put(id, e);
        return e;
    }

    private static OutboxEntry with(
            OutboxEntry e, Status status, int attempts, Instant next, String error, String answer, Instant finished) {
        return new OutboxEntry(
                e.id(),
                e.target(),
                e.groupKey(),
                e.groupId(),
                e.decisionKey(),
                e.kind(),
                status,
                e.notification(),
                attempts,
                e.createdAt(),
                next,
                e.deadline(),
                error,
                answer,
                finished);
    }
}
