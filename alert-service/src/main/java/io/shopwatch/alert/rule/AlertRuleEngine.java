package io.shopwatch.alert.rule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopwatch.alert.alertmanager.AlertIngestion;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.dispatch.Scheduler;
import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.rule.realtime.SlidingWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AlertRuleEngine: on the replica that holds the lease, evaluates every enabled scheduled rule at its interval
 * (aligned to multiples of the interval), counts the events of real-time rules as they arrive, moves each instance
 * through its state machine, keeps the state in the database and hands the alerts to the Alertmanager.
 *
 * <p>Scheduling: a rule's first evaluation is at the next multiple of its interval; every later one one interval
 * after the previous one (evaluations that a slow query or a paused machine made late are not made up: the next one
 * is the first point of the rule's grid still ahead). A rule runs once at a time. When the default interval changes
 * ({@link #defaultInterval(Duration)}), every rule that names no interval of its own is compiled again with it and
 * its next evaluation moves to its last evaluation plus the new interval, or to now when that has passed; an
 * evaluation under way finishes first and schedules the next one with the new interval.
 */
public final class AlertRuleEngine implements Leadership.Listener {

    private static final Logger log = LoggerFactory.getLogger(AlertRuleEngine.class);
    private static final int WINDOW_CAPACITY = 100_000;

    /** What the engine holds for one rule. */
    final class RuleState {
        volatile AlertRule rule;
        final long version;
        Map<LabelSet, RuleInstance> instances;
        final Map<LabelSet, SlidingWindow> windows = new ConcurrentHashMap<>();
        volatile String lastError = "";
        volatile Instant lastEvaluation;
        volatile boolean stopped;
        /** Guards the scheduling fields below. */
        final Object schedule = new Object();
        /** The pending evaluation, if any. */
        Scheduler.Cancellable timer;
        /** Identifies the pending evaluation: a timer whose ticket is no longer this one was called off. */
        long ticket;
        /** When the last evaluation was due; null before the first. */
        Instant lastRun;
        /** Whether an evaluation is under way. */
        boolean running;

        RuleState(AlertRule rule, long version, Map<LabelSet, RuleInstance> instances) {
            this.rule = rule;
            this.version = version;
            this.instances = instances;
        }
    }

    private final RuleRepository repository;
    private final RuleQueryExecutor executor;
    private final PromQlQueryExecutor promql;
    private final AlertIngestion ingestion;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Map<String, RuleState> rules = new ConcurrentHashMap<>();
    private final Timer evaluationTimer;
    private final Counter evaluationFailures;
    private volatile boolean leader;
    private volatile Duration defaultInterval = AlertRule.DEFAULT_INTERVAL;

    public AlertRuleEngine(
            RuleRepository repository,
            RuleQueryExecutor executor,
            AlertIngestion ingestion,
            Scheduler scheduler,
            MeterRegistry registry) {
        this(
                repository,
                executor,
                (org, query, at) -> {
                    throw new IllegalStateException("no Prometheus API is configured for PromQL rules");
                },
                ingestion,
                scheduler,
                registry);
    }

    public AlertRuleEngine(
            RuleRepository repository,
            RuleQueryExecutor executor,
            PromQlQueryExecutor promql,
            AlertIngestion ingestion,
            Scheduler scheduler,
            MeterRegistry registry) {
        this.repository = repository;
        this.executor = executor;
        this.promql = promql;
        this.ingestion = ingestion;
        this.scheduler = scheduler;
        this.clock = scheduler.clock();
        this.evaluationTimer = Timer.builder("shopwatch.alert.rule.evaluation")
                .description("time of one scheduled rule evaluation")
                .register(registry);
        this.evaluationFailures = Counter.builder("shopwatch.alert.rule.evaluation.failures")
                .description("scheduled rule evaluations whose query failed")
                .register(registry);
    }

    @Override
    public synchronized void elected() {
        leader = true;
        reconcile();
    }

    @Override
    public synchronized void revoked() {
        leader = false;
        rules.values().forEach(this::stop);
        rules.clear();
    }

    public boolean isRunning() {
        return leader;
    }

    /** Brings the running rules in line with the database (called on changes and periodically). */
    public synchronized void reconcile() {
        if (!leader) {
            return;
        }
        Map<String, RuleRepository.StoredRule> stored = new HashMap<>();
        for (RuleRepository.StoredRule s : repository.all()) {
            stored.put(s.org() + "/" + s.id(), s);
        }
        for (Map.Entry<String, RuleState> e : rules.entrySet()) {
            RuleRepository.StoredRule s = stored.get(e.getKey());
            if (s == null || s.version() != e.getValue().version || !enabled(s)) {
                stop(e.getValue());
                rules.remove(e.getKey());
                if (s == null || !enabled(s)) {
                    resolveAll(e.getValue());
                }
            }
        }
        for (Map.Entry<String, RuleRepository.StoredRule> e : stored.entrySet()) {
            RuleRepository.StoredRule s = e.getValue();
            if (rules.containsKey(e.getKey()) || !enabled(s)) {
                continue;
            }
            try {
                AlertRule rule = compile(s.id(), s.org(), s.spec());
                RuleState state = new RuleState(rule, s.version(), repository.instances(s.org(), s.id()));
                rules.put(e.getKey(), state);
                scheduleNext(state);
            } catch (RuntimeException ex) {
                log.warn("org {}: rule {} cannot run: {}", s.org(), s.spec().name(), ex.getMessage());
            }
        }
    }

    /** Compiles a rule with the default interval in force. */
    public AlertRule compile(String id, String org, RuleSpec spec) {
        return AlertRule.compile(id, org, spec, defaultInterval);
    }

    /** The interval of scheduled and PromQL rules that name none. */
    public Duration defaultInterval() {
        return defaultInterval;
    }

    /**
     * Puts a new default interval in force: every running rule that names no interval is compiled again with it and
     * rescheduled at its last evaluation plus the new interval (now, when that has passed). The same interval again
     * changes nothing.
     *
     * @throws IllegalArgumentException when it is shorter than one second
     */
    public synchronized void defaultInterval(Duration interval) {
        if (interval.compareTo(RulesProperties.MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("the default interval must be at least 1s, not " + interval);
        }
        if (interval.equals(defaultInterval)) {
            return;
        }
        defaultInterval = interval;
        for (RuleState state : rules.values()) {
            if (!state.rule.usesDefaultInterval()) {
                continue;
            }
            AlertRule rule;
            try {
                rule = compile(state.rule.id(), state.rule.org(), state.rule.spec());
            } catch (RuntimeException e) {
                log.warn("org {}: rule {} keeps its interval: {}", state.rule.org(), state.rule.name(), e.getMessage());
                continue;
            }
            reschedule(state, rule);
        }
    }

    private static boolean enabled(RuleRepository.StoredRule s) {
        return s.spec().enabled() == null || s.spec().enabled();
    }

    private void stop(RuleState state) {
        synchronized (state.schedule) {
            state.stopped = true;
            state.ticket++;
            if (state.timer != null) {
                state.timer.cancel();
                state.timer = null;
            }
        }
    }

    /** A disabled or deleted rule resolves what it had firing. */
    private void resolveAll(RuleState state) {
        Instant now = clock.instant();
        List<AlertIngestion.Posted> alerts = new ArrayList<>();
        synchronized (state) {
            for (RuleInstance i : state.instances.values()) {
                if (i.state() == InstanceState.FIRING && i.sentSeverity() != null) {
                    alerts.add(RuleEvaluation.alert(state.rule, i, i.sentSeverity(), i.firedAt(), now));
                }
            }
        }
        if (!alerts.isEmpty()) {
            ingestion.accept(state.rule.org(), alerts);
        }
    }

    /**
     * Schedules a rule's next evaluation: the next multiple of its interval before the first one, one interval after
     * the last one afterwards (or the first point of that grid still ahead, when evaluations are late).
     */
    private void scheduleNext(RuleState state) {
        synchronized (state.schedule) {
            long interval = state.rule.interval().toMillis();
            long now = clock.millis();
            Instant next;
            if (state.lastRun == null) {
                next = Instant.ofEpochMilli((now / interval + 1) * interval);
            } else {
                long last = state.lastRun.toEpochMilli();
                next = Instant.ofEpochMilli(last + interval * Math.max(1, (now - last) / interval + 1));
            }
            scheduleAt(state, next);
        }
    }

    /** Calls off the pending evaluation and schedules one at {@code at}. Holds the state's schedule lock. */
    private void scheduleAt(RuleState state, Instant at) {
        if (state.stopped) {
            return;
        }
        if (state.timer != null) {
            state.timer.cancel();
        }
        long ticket = ++state.ticket;
        state.timer = scheduler.schedule(at, () -> run(state, ticket, at));
    }

    /** A rule's compiled form changed (a new default interval): its next evaluation follows the new interval. */
    private void reschedule(RuleState state, AlertRule rule) {
        synchronized (state.schedule) {
            state.rule = rule;
            if (state.running || state.stopped) {
                // the evaluation under way schedules the next one with the new interval when it ends
                return;
            }
            if (state.lastRun == null) {
                scheduleNext(state);
                return;
            }
            Instant next = state.lastRun.plus(rule.interval());
            Instant now = clock.instant();
            scheduleAt(state, next.isBefore(now) ? now : next);
        }
    }

    /** One evaluation, unless it was called off or another one is under way; then the next one is scheduled. */
    private void run(RuleState state, long ticket, Instant at) {
        synchronized (state.schedule) {
            if (state.stopped || state.running || ticket != state.ticket) {
                return;
            }
            state.running = true;
            state.timer = null;
            state.lastRun = at;
        }
        try {
            if (state.rule.type() != AlertRule.Type.REALTIME) {
                evaluateScheduled(state, at);
            } else {
                tickRealtime(state, clock.instant());
            }
        } finally {
            synchronized (state.schedule) {
                state.running = false;
                if (!state.stopped) {
                    scheduleNext(state);
                }
            }
        }
    }

    private void evaluateScheduled(RuleState state, Instant at) {
        Timer.Sample sample = Timer.start();
        List<Sample> samples;
        try {
            samples = samples(state.rule, at);
            state.lastError = "";
        } catch (RuntimeException e) {
            evaluationFailures.increment();
            if (!Objects.equals(state.lastError, e.getMessage())) {
                log.warn(
                        "org {}: rule {} could not be evaluated: {}",
                        state.rule.org(),
                        state.rule.name(),
                        e.getMessage());
            }
            state.lastError = String.valueOf(e.getMessage());
            return;
        } finally {
            sample.stop(evaluationTimer);
        }
        apply(state, samples, at, false);
    }

    /** The values of a scheduled or PromQL rule at {@code at}. */
    private List<Sample> samples(AlertRule rule, Instant at) {
        return rule.type() == AlertRule.Type.PROMQL
                ? promql.query(rule.org(), rule.spec().query(), at)
                : ScheduledEvaluator.evaluate(rule, executor, at);
    }

    /** Applies samples to a rule's instances; persists what changed; posts the alerts. */
    void apply(RuleState state, List<Sample> samples, Instant now, boolean partial) {
        RuleEvaluation.Result result;
        Map<LabelSet, RuleInstance> before;
        synchronized (state) {
            if (state.stopped) {
                return;
            }
            before = state.instances;
            result = RuleEvaluation.evaluate(state.rule, samples, before, now, partial);
            state.instances = result.instances();
            state.lastEvaluation = now;
            if (!result.alerts().isEmpty()) {
                ingestion.accept(state.rule.org(), result.alerts());
            }
        }
        List<RuleInstance> changed = new ArrayList<>();
        for (RuleInstance i : result.instances().values()) {
            RuleInstance b = before.get(i.labels());
            if (b == null
                    || b.state() != i.state()
                    || !Objects.equals(b.severity(), i.severity())
                    || !Objects.equals(b.sentAt(), i.sentAt())) {
                changed.add(i);
            }
        }
        List<LabelSet> dropped = new ArrayList<>();
        for (LabelSet l : before.keySet()) {
            if (!result.instances().containsKey(l)) {
                dropped.add(l);
            }
        }
        try {
            repository.saveState(state.rule.org(), state.rule.id(), changed, dropped, result.transitions(), now);
        } catch (RuntimeException e) {
            log.warn("org {}: rule {} state not stored: {}", state.rule.org(), state.rule.name(), e.getMessage());
        }
    }

    // ---- real-time rules

    /**
     * One stored event: counted by every real-time rule of its organisation whose matchers accept it; an instance
     * whose count reaches a threshold fires at once.
     */
    public void onEvent(String org, String stream, String id, Instant at, Map<String, String> fields) {
        if (!leader) {
            return;
        }
        Instant now = clock.instant();
        for (RuleState state : rules.values()) {
            AlertRule rule = state.rule;
            if (rule.type() != AlertRule.Type.REALTIME || !rule.org().equals(org)) {
                continue;
            }
            LabelSet labels = rule.realtimeGroup(stream, fields);
            if (labels == null) {
                continue;
            }
            SlidingWindow window =
                    state.windows.computeIfAbsent(labels, l -> new SlidingWindow(rule.window(), WINDOW_CAPACITY));
            int count = window.add(at, id, now);
            apply(state, List.of(new Sample(labels, count)), now, true);
        }
    }

    /** Re-evaluates every group of a real-time rule as its window slides (resolution, {@code for}). */
    private void tickRealtime(RuleState state, Instant now) {
        List<Sample> samples = new ArrayList<>();
        state.windows.forEach((labels, window) -> samples.add(new Sample(labels, window.count(now))));
        apply(state, samples, now, false);
        state.windows
                .entrySet()
                .removeIf(e -> e.getValue().count(now) == 0 && !state.instances.containsKey(e.getKey()));
    }

    /** The longest window of any real-time rule (how far back a new consumer reads). */
    public Duration longestWindow() {
        return rules.values().stream()
                .filter(s -> s.rule.type() == AlertRule.Type.REALTIME)
                .map(s -> s.rule.window())
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /**
     * Whether {@link #onEvent} would look at a record of this org and stream: this replica evaluates, and a real-time
     * rule of the org reads the stream. The consumer asks before parsing the record.
     */
    public boolean readsEvents(String org, String stream) {
        if (!leader) {
            return false;
        }
        for (RuleState state : rules.values()) {
            if (state.rule.org().equals(org) && state.rule.readsStream(stream)) {
                return true;
            }
        }
        return false;
    }

    public boolean hasRealtimeRules() {
        return rules.values().stream().anyMatch(s -> s.rule.type() == AlertRule.Type.REALTIME);
    }

    // ---- views

    /** The instances of a rule as the engine holds them (empty on a replica that does not evaluate). */
    public Collection<RuleInstance> instances(String org, String id) {
        RuleState s = rules.get(org + "/" + id);
        return s == null ? List.of() : List.copyOf(s.instances.values());
    }

    /** The last evaluation error of a rule, empty when none. */
    public String lastError(String org, String id) {
        RuleState s = rules.get(org + "/" + id);
        return s == null ? "" : s.lastError;
    }

    /** Evaluates a rule against current data without changing any state: what would fire now. */
    public RuleEvaluation.Result testRun(AlertRule rule, Map<LabelSet, RuleInstance> current) {
        Instant now = clock.instant();
        List<Sample> samples;
        if (rule.type() != AlertRule.Type.REALTIME) {
            samples = samples(rule, now);
        } else {
            RuleState s = rules.get(rule.org() + "/" + rule.id());
            samples = new ArrayList<>();
            if (s != null) {
                s.windows.forEach((labels, window) -> samples.add(new Sample(labels, window.count(now))));
            }
        }
        AlertRule immediate = new AlertRule(
                rule.id(),
                rule.org(),
                rule.spec(),
                rule.type(),
                rule.interval(),
                rule.lookback(),
                rule.condition(),
                rule.offset(),
                rule.matchers(),
                rule.groupBy(),
                rule.window(),
                rule.severities(),
                Duration.ZERO,
                rule.keepFiringFor());
        return RuleEvaluation.evaluate(immediate, samples, current, now, false);
    }

    /** The number of rules running here. */
    public int size() {
        return rules.size();
    }
}
