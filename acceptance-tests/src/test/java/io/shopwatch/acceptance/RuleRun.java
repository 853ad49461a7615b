package io.shopwatch.acceptance;

import io.shopwatch.alert.alertmanager.AlertIngestion;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.rule.AlertRule;
import io.shopwatch.alert.rule.RuleEvaluation;
import io.shopwatch.alert.rule.RuleInstance;
import io.shopwatch.alert.rule.RuleQueryExecutor;
import io.shopwatch.alert.rule.RuleSpec;
import io.shopwatch.alert.rule.Sample;
import io.shopwatch.alert.rule.ScheduledEvaluator;
import io.shopwatch.alert.rule.realtime.SlidingWindow;
import io.shopwatch.alert.rule.realtime.StoredEventConsumer;
import io.shopwatch.common.event.Envelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule of a pack run by alert-service's rule classes on a virtual clock: the evaluation instants are chosen, not
 * waited for. A scheduled rule is evaluated at every multiple of its interval (as {@code AlertRuleEngine} schedules
 * it) with {@link ScheduledEvaluator} over the store, and its instances move through {@link RuleEvaluation}; a
 * real-time rule takes each stored event's fields and time as {@link StoredEventConsumer} does, finds its group with
 * {@link AlertRule#realtimeGroup}, counts it in that group's {@link SlidingWindow} and is ticked at its interval, as
 * {@code AlertRuleEngine.onEvent} and its tick do. What the run records is what the engine hands to the Alertmanager.
 */
final class RuleRun {

    private static final int WINDOW_CAPACITY = 100_000;

    /** An alert handed over at a (virtual) instant. */
    record Handed(Instant at, AlertIngestion.Posted alert) {

        boolean firing() {
            return alert.endsAt().isAfter(at);
        }

        String severity() {
            return alert.labels().get("severity");
        }

        String label(String name) {
            return alert.labels().get(name);
        }

        @Override
        public String toString() {
            return at + " " + (firing() ? "firing" : "resolved") + " " + alert.labels();
        }
    }

    private final AlertRule rule;
    private final List<Handed> handed = new ArrayList<>();
    private Map<LabelSet, RuleInstance> instances = new LinkedHashMap<>();

    RuleRun(String org, RuleSpec spec) {
        this.rule = AlertRule.compile(spec.name(), org, spec);
    }

    /** Evaluates a scheduled rule at every multiple of its interval in [from, to]. */
    RuleRun evaluate(RuleQueryExecutor executor, Instant from, Instant to) {
        long interval = rule.interval().toMillis();
        long first = (from.toEpochMilli() + interval - 1) / interval * interval;
        for (Instant at = Instant.ofEpochMilli(first); !at.isAfter(to); at = at.plus(rule.interval())) {
            apply(ScheduledEvaluator.evaluate(rule, executor, at), at, false);
        }
        return this;
    }

    /**
     * Replays stored events (of any org and stream; the rule picks its own) through a real-time rule: each event
     * arrives at its own time, and the rule is ticked at every multiple of its interval in [from, to].
     */
    RuleRun replay(List<Envelope> stored, Instant from, Instant to) {
        List<Envelope> events = new ArrayList<>(stored);
        events.sort(Comparator.comparing(RuleRun::time));
        Map<LabelSet, SlidingWindow> windows = new HashMap<>();
        int next = 0;
        for (Instant tick = from; !tick.isAfter(to); tick = tick.plus(rule.interval())) {
            while (next < events.size() && !time(events.get(next)).isAfter(tick)) {
                Envelope e = events.get(next++);
                onEvent(windows, e);
            }
            List<Sample> samples = new ArrayList<>();
            Instant now = tick;
            windows.forEach((labels, window) -> samples.add(new Sample(labels, window.count(now))));
            apply(samples, tick, false);
        }
        return this;
    }

    /** One stored event, as {@code StoredEventConsumer} hands it to {@code AlertRuleEngine.onEvent}. */
    private void onEvent(Map<LabelSet, SlidingWindow> windows, Envelope envelope) {
        if (!rule.org().equals(envelope.org())) {
            return;
        }
        LabelSet labels = rule.realtimeGroup(envelope.stream(), StoredEventConsumer.fields(envelope));
        if (labels == null) {
            return;
        }
        Instant at = time(envelope);
        int count = windows.computeIfAbsent(labels, l -> new SlidingWindow(rule.window(), WINDOW_CAPACITY))
                .add(at, envelope.id(), at);
        apply(List.of(new Sample(labels, count)), at, true);
    }

    private static Instant time(Envelope e) {
        return StoredEventConsumer.time(e);
    }

    private void apply(List<Sample> samples, Instant at, boolean partial) {
        RuleEvaluation.Result result = RuleEvaluation.evaluate(rule, samples, instances, at, partial);
        instances = result.instances();
        result.alerts().forEach(a -> handed.add(new Handed(at, a)));
    }

    /** Every alert handed over, in order. */
    List<Handed> handed() {
        return List.copyOf(handed);
    }

    /** The first firing alert, or null. */
    Handed firstFiring() {
        return handed.stream().filter(Handed::firing).findFirst().orElse(null);
    }

    /** The first resolution handed over after {@code after}, or null. */
    Handed firstResolvedAfter(Instant after) {
        return handed.stream()
                .filter(h -> !h.firing() && h.at().isAfter(after))
                .findFirst()
                .orElse(null);
    }

    Duration interval() {
        return rule.interval();
    }
}
