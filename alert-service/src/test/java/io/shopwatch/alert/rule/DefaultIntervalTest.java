package io.shopwatch.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.alert.alertmanager.AlertIngestion;
import io.shopwatch.alert.store.AlertPersistence;
import io.shopwatch.alert.store.AlertStore;
import io.shopwatch.alert.testing.Simulation;
import io.shopwatch.alert.testing.StoreDatabase;
import io.shopwatch.alert.testing.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default evaluation interval changes while rules run (on a virtual clock, with the rules in a real PostgreSQL):
 * a rule that names no interval moves to its last evaluation plus the new interval (now, when that has passed), reads
 * a window of the new interval, runs once at a time, and is not skipped; a rule with its own interval is untouched.
 */
class DefaultIntervalTest {

    private static final Instant BASE = Simulation.BASE;

    private static HikariDataSource dataSource;

    private final VirtualScheduler scheduler = new VirtualScheduler(BASE);
    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private Consumer<Query> duringQuery = q -> {};
    private AlertRuleEngine engine;
    private RuleRepository repository;

    /** One rule query as the engine ran it. */
    record Query(String sql, Instant start, Instant end) {}

    @BeforeAll
    static void database() {
        dataSource = StoreDatabase.create("alert_default_interval");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @AfterEach
    void revoke() {
        if (engine != null) {
            engine.revoked();
        }
    }

    private void start(String org, Duration defaultInterval, RuleSpec... specs) {
        repository = new RuleRepository(dataSource);
        for (int i = 0; i < specs.length; i++) {
            repository.save(org, "r" + i, specs[i], "api");
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RuleQueryExecutor executor = (o, sql, from, to) -> {
            if (o.equals(org)) {
                Query q = new Query(sql, from, to);
                queries.add(q);
                duringQuery.accept(q);
            }
            return List.of();
        };
        engine = new AlertRuleEngine(
                repository,
                executor,
                new AlertIngestion(
                        new AlertStore(scheduler.clock(), AlertPersistence.NONE), null, scheduler.clock(), registry),
                scheduler,
                registry);
        engine.defaultInterval(defaultInterval);
        engine.elected();
    }

    private static RuleSpec rule(String name, String interval) {
        return new RuleSpec(
                name,
                "scheduled",
                "SELECT COUNT(*) AS value FROM \"" + name + "\"",
                interval,
                null,
                null,
                null,
                List.of(new RuleSpec.Severity("critical", ">", 10.0, null)),
                null,
                null,
                Map.of(),
                Map.of(),
                null);
    }

    private List<Instant> ends(String name) {
        return queries.stream()
                .filter(q -> q.sql().contains("\"" + name + "\""))
                .map(Query::end)
                .toList();
    }

    private List<Duration> windows(String name) {
        return queries.stream()
                .filter(q -> q.sql().contains("\"" + name + "\""))
                .map(q -> Duration.between(q.start(), q.end()))
                .toList();
    }

    private static Instant at(String time) {
        return Instant.parse("2026-01-05T" + time + "Z");
    }

    @Test
    void defaultInterval_shortened_nextRunIsLastRunPlusNewInterval_ruleWithOwnIntervalUntouched() {
        start("shorter", Duration.ofMinutes(1), rule("follows", null), rule("own", "1m"));
        scheduler.advanceTo(at("10:01:05"));
        assertThat(ends("follows")).containsExactly(at("10:01:00"));

        engine.defaultInterval(Duration.ofSeconds(10));
        scheduler.advanceTo(at("10:01:30"));
        assertThat(ends("follows")).containsExactly(at("10:01:00"), at("10:01:10"), at("10:01:20"), at("10:01:30"));
        // the window follows the interval when the rule names no lookback
        assertThat(windows("follows"))
                .containsExactly(
                        Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10));

        scheduler.advanceTo(at("10:02:00"));
        assertThat(ends("own")).containsExactly(at("10:01:00"), at("10:02:00"));
        assertThat(windows("own")).containsOnly(Duration.ofMinutes(1));
    }

    @Test
    void defaultInterval_lengthened_nextRunIsLastRunPlusNewInterval() {
        start("longer", Duration.ofMinutes(1), rule("follows", null));
        scheduler.advanceTo(at("10:01:20"));
        engine.defaultInterval(Duration.ofMinutes(5));

        scheduler.advanceTo(at("10:05:59"));
        assertThat(ends("follows")).containsExactly(at("10:01:00"));
        scheduler.advanceTo(at("10:11:00"));
        assertThat(ends("follows")).containsExactly(at("10:01:00"), at("10:06:00"), at("10:11:00"));
    }

    @Test
    void defaultInterval_shortenedPastTheNextRun_runsNowThenAtTheNewInterval() {
        start("overdue", Duration.ofHours(1), rule("follows", null));
        scheduler.advanceTo(at("11:30:00"));
        assertThat(ends("follows")).containsExactly(at("11:00:00"));

        engine.defaultInterval(Duration.ofMinutes(1));
        scheduler.advanceTo(at("11:32:00"));
        assertThat(ends("follows")).containsExactly(at("11:00:00"), at("11:30:00"), at("11:31:00"), at("11:32:00"));
    }

    @Test
    void defaultInterval_changedDuringAnEvaluation_runsOnceAtATimeThenFollowsTheNewInterval() {
        duringQuery = q -> {
            if (q.end().equals(at("10:01:00"))) {
                engine.defaultInterval(Duration.ofSeconds(10));
            }
        };
        start("during", Duration.ofMinutes(1), rule("follows", null));
        scheduler.advanceTo(at("10:01:30"));
        assertThat(ends("follows")).containsExactly(at("10:01:00"), at("10:01:10"), at("10:01:20"), at("10:01:30"));
    }

    @Test
    void defaultInterval_ruleAddedAfterTheChange_usesTheNewInterval_andLessThanOneSecondIsRefused() {
        start("added", Duration.ofMinutes(1));
        engine.defaultInterval(Duration.ofSeconds(30));
        assertThatThrownBy(() -> engine.defaultInterval(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(engine.defaultInterval()).isEqualTo(Duration.ofSeconds(30));

        repository.save("added", "late", rule("late", null), "api");
        engine.reconcile();
        scheduler.advanceTo(at("10:01:00"));
        assertThat(ends("late")).containsExactly(at("10:00:30"), at("10:01:00"));
    }
}
