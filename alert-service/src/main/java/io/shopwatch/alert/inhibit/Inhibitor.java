package io.shopwatch.alert.inhibit;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alertmanager's inhibitor: keeps, per rule, the alerts matching its source side, and tells whether an alert is muted
 * by a firing source. An alert that matches both sides of a rule cannot be inhibited by alerts that also match both.
 */
public final class Inhibitor {

    private final List<InhibitRule> rules;
    private final List<Map<Long, Alert>> sources = new ArrayList<>();
    private final Clock clock;

    public Inhibitor(List<InhibitRule> rules, Clock clock) {
        this.rules = List.copyOf(rules);
        this.clock = clock;
        for (int i = 0; i < rules.size(); i++) {
            sources.add(new ConcurrentHashMap<>());
        }
    }

    /** Takes a new or changed alert. */
    public void observe(Alert alert) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).source().matches(alert.labels())) {
                sources.get(i).put(alert.fingerprint(), alert);
            }
        }
    }

    /** Takes many alerts (start-up, reload). */
    public void observeAll(Collection<Alert> alerts) {
        alerts.forEach(this::observe);
    }

    /** Forgets an alert that was removed. */
    public void forget(long fingerprint) {
        sources.forEach(m -> m.remove(fingerprint));
    }

    /** The fingerprint of the firing alert that inhibits these labels, if any. */
    public Optional<Long> inhibitedBy(LabelSet labels) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        for (int i = 0; i < rules.size(); i++) {
            InhibitRule rule = rules.get(i);
            if (!rule.target().matches(labels)) {
                continue;
            }
            boolean twoSided = rule.source().matches(labels);
            outer:
            for (Alert source : sources.get(i).values()) {
                if (source.resolvedAt(now)) {
                    continue;
                }
                for (String name : rule.equal()) {
                    if (!source.labels().get(name).equals(labels.get(name))) {
                        continue outer;
                    }
                }
                if (twoSided && rule.target().matches(source.labels())) {
                    continue;
                }
                return Optional.of(source.fingerprint());
            }
        }
        return Optional.empty();
    }

    public boolean mutes(LabelSet labels) {
        return inhibitedBy(labels).isPresent();
    }

    /** Drops resolved sources (housekeeping). */
    public void gc() {
        Instant now = clock.instant();
        sources.forEach(m -> m.values().removeIf(a -> a.resolvedAt(now)));
    }
}
