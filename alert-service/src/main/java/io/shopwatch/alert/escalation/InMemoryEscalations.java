package io.shopwatch.alert.escalation;

import io.shopwatch.alert.notify.Notification;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Escalations in memory (simulations and tests). */
public final class InMemoryEscalations implements Escalations {

    private final Map<String, EscalationState> states = new ConcurrentHashMap<>();

    private static String key(String org, String groupId, String receiver) {
        return org + "/" + groupId + "/" + receiver;
    }

    @Override
    public synchronized void start(EscalationState s) {
        states.putIfAbsent(key(s.org(), s.groupId(), s.receiver()), s);
    }

    @Override
    public synchronized void stop(String org, String groupId) {
        states.values().removeIf(s -> s.org().equals(org) && s.groupId().equals(groupId));
    }

    @Override
    public List<EscalationState> due(Instant now, int limit) {
        return states.values().stream()
                .filter(s -> !s.nextAt().isAfter(now))
                .sorted(Comparator.comparing(EscalationState::nextAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void update(EscalationState s) {
        states.replace(key(s.org(), s.groupId(), s.receiver()), s);
    }

    @Override
    public synchronized void delete(EscalationState s) {
        states.remove(key(s.org(), s.groupId(), s.receiver()));
    }

    @Override
    public List<EscalationState> forGroup(String org, String groupId) {
        return states.values().stream()
                .filter(s -> s.org().equals(org) && s.groupId().equals(groupId))
                .toList();
    }

    @Override
    public synchronized void refresh(String org, String groupId, String receiver, Notification snapshot) {
        states.computeIfPresent(
                key(org, groupId, receiver),
                (k, s) -> new EscalationState(
                        s.org(),
                        s.groupId(),
                        s.groupKey(),
                        s.receiver(),
                        s.policy(),
                        s.roundStart(),
                        s.round(),
                        s.nextStep(),
                        s.nextAt(),
                        snapshot));
    }
}
