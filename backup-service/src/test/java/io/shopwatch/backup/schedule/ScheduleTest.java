package io.shopwatch.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.backup.BackupTestSupport;
import io.shopwatch.backup.operation.BackupOperations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Cron schedules on a virtual clock against the real PostgreSQL: fire times, missed times, two replicas, and a
 * schedule that queues a real backup. The context's own ticker is off in the tests.
 */
class ScheduleTest extends BackupTestSupport {

    @Autowired
    ScheduleRepository repository;

    @Autowired
    BackupOperations operations;

    /** A clock the test moves. */
    static final class VirtualClock extends Clock {
        private volatile Instant now;

        VirtualClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final ScheduledBackup STATE =
            new ScheduledBackup("state", null, null, List.of("alpha"), null, null, null);

    @Test
    void tick_firesEachFireTimeOnce_andAMissedOneOnceLate() {
        String org = "sched-times";
        VirtualClock clock = new VirtualClock(Instant.parse("2026-12-06T10:00:00Z"));
        Schedules schedules = new Schedules(repository, operations, JSON, clock);
        Schedule created = schedules.create(org, "nightly", "0 0 2 * * *", "Europe/Berlin", STATE);
        assertThat(created.nextRunAt()).isEqualTo(Instant.parse("2026-12-07T01:00:00Z"));
        ConcurrentLinkedQueue<String> fired = new ConcurrentLinkedQueue<>();
        BackupScheduler scheduler =
                new BackupScheduler(repository, (s, at) -> recordIfMine(org, s, at, fired), clock, 50);

        assertThat(scheduler.tick()).isZero();
        clock.set(Instant.parse("2026-12-07T00:59:59Z"));
        scheduler.tick();
        assertThat(fired).isEmpty();

        clock.set(Instant.parse("2026-12-07T01:00:00Z"));
        scheduler.tick();
        assertThat(fired).containsExactly("nightly@2026-12-07T01:00:00Z");
        Schedule after = repository.find(org, created.id()).orElseThrow();
        assertThat(after.nextRunAt()).isEqualTo(Instant.parse("2026-12-08T01:00:00Z"));
        assertThat(after.lastJobId()).isEqualTo("job-2026-12-07T01:00:00Z");
        scheduler.tick();
        assertThat(fired).hasSize(1);

        // three fire times pass with no replica running: one late run, then the next time after now
        clock.set(Instant.parse("2026-12-10T09:30:00Z"));
        scheduler.tick();
        assertThat(fired).containsExactly("nightly@2026-12-07T01:00:00Z", "nightly@2026-12-08T01:00:00Z");
        assertThat(repository.find(org, created.id()).orElseThrow().nextRunAt())
                .isEqualTo(Instant.parse("2026-12-11T01:00:00Z"));
    }

    @Test
    void twoReplicas_fireEachDueScheduleOnce() throws Exception {
        String org = "sched-replicas";
        VirtualClock clock = new VirtualClock(Instant.parse("2026-12-06T10:00:00Z"));
        Schedules schedules = new Schedules(repository, operations, JSON, clock);
        for (int i = 0; i < 10; i++) {
            schedules.create(org, "every-minute-" + i, "0 * * * * *", "UTC", STATE);
        }
        clock.set(Instant.parse("2026-12-06T10:01:00Z"));
        ConcurrentLinkedQueue<String> fired = new ConcurrentLinkedQueue<>();
        CountDownLatch aHoldsTheRows = new CountDownLatch(1);
        CountDownLatch bHasLooked = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        BackupScheduler replicaA = new BackupScheduler(
                repository,
                (s, at) -> {
                    if (first.getAndSet(false)) {
                        aHoldsTheRows.countDown();
                        await(bHasLooked);
                    }
                    return recordIfMine(org, s, at, fired);
                },
                clock,
                50);
        BackupScheduler replicaB =
                new BackupScheduler(repository, (s, at) -> recordIfMine(org, s, at, fired), clock, 50);

        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(replicaA::tick);
        await(aHoldsTheRows);
        // B does not wait for A's locks and does not fire what A holds
        int firedByB = replicaB.tick();
        bHasLooked.countDown();
        int firedByA = a.get(30, TimeUnit.SECONDS);

        assertThat(firedByB).isZero();
        assertThat(firedByA).isGreaterThanOrEqualTo(10);
        assertThat(fired).hasSize(10).doesNotHaveDuplicates();
        assertThat(replicaA.tick() + replicaB.tick()).isZero();
    }

    @Test
    void aDueSchedule_queuesARealBackup() {
        String org = "sched-real";
        alphaState().put(org, "rules", "r1", "cpu > 90");
        JsonNode created = json(post(
                org,
                "/api/v1/backups/schedules",
                Map.of(
                        "name",
                        "hourly-state",
                        "cron",
                        "@hourly",
                        "backup",
                        Map.of("kind", "state", "services", List.of("alpha")))));
        String id = created.get("id").asString();
        Instant next = Instant.parse(created.get("next_run_at").asString());
        VirtualClock clock = new VirtualClock(next.plus(Duration.ofSeconds(5)));
        BackupScheduler scheduler =
                new BackupScheduler(repository, new Schedules(repository, operations, JSON, clock), clock, 50);

        assertThat(scheduler.tick()).isGreaterThanOrEqualTo(1);

        JsonNode after = json(get(org, "/api/v1/backups/schedules/" + id));
        assertThat(after.get("last_error").isNull()).as(after.toString()).isTrue();
        String jobId = after.get("last_job_id").asString();
        String backupId = awaitSuccess(jobId).backupId();
        assertThat(json(get(org, "/api/v1/backups/" + backupId)).get("kind").asString())
                .isEqualTo("state");
        assertThat(Instant.parse(after.get("next_run_at").asString())).isEqualTo(next.plus(Duration.ofHours(1)));
    }

    @Test
    void requests_areChecked() {
        String org = "sched-checks";
        Map<String, Object> backup = Map.of("kind", "state");
        assertThat(post(org, "/api/v1/backups/schedules", Map.of("name", "a", "cron", "every day", "backup", backup))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(
                                org,
                                "/api/v1/backups/schedules",
                                Map.of("name", "a", "cron", "@daily", "zone", "Mars/Base", "backup", backup))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(
                                org,
                                "/api/v1/backups/schedules",
                                Map.of("name", "a", "cron", "@daily", "backup", Map.of("kind", "streams")))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(org, "/api/v1/backups/schedules", Map.of("name", "a", "cron", "@daily", "backup", backup))
                        .statusCode())
                .isEqualTo(201);
        assertThat(post(org, "/api/v1/backups/schedules", Map.of("name", "a", "cron", "@daily", "backup", backup))
                        .statusCode())
                .isEqualTo(409);
        assertThat(json(get(org, "/api/v1/backups/schedules")).get("schedules")).hasSize(1);
    }

    /** Records a fire of one of this test's schedules (other tests' schedules share the table). */
    private static String recordIfMine(String org, Schedule s, Instant at, ConcurrentLinkedQueue<String> fired) {
        if (s.org().equals(org)) {
            fired.add(s.name() + "@" + at);
        }
        return "job-" + at;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
