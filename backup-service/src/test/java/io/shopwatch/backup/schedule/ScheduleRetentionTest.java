package io.shopwatch.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.backup.BackupTestSupport;
import io.shopwatch.backup.operation.BackupOperations;
import io.shopwatch.backup.operation.BackupOperations.RetentionOutcome;
import io.shopwatch.backup.retention.RetentionPolicy;
import io.shopwatch.backup.schedule.ScheduleTest.VirtualClock;
import io.shopwatch.backup.set.BackupSet;
import io.shopwatch.backup.set.BackupSetRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Retention per schedule against the real catalog and local target: many sets made over months on a virtual clock,
 * the GFS rule in the schedule's zone, only the schedule's own sets touched, the only verified set kept, the policy
 * applied after each scheduled backup, and the API to read and set it.
 */
class ScheduleRetentionTest extends BackupTestSupport {

    private static final ScheduledBackup STATE =
            new ScheduledBackup("state", null, null, List.of("alpha"), null, null, null);

    private static final Instant FAR = Instant.parse("2030-01-01T00:00:00Z");

    @Autowired
    ScheduleRepository repository;

    @Autowired
    BackupOperations operations;

    @Autowired
    BackupSetRepository sets;

    @Test
    void ninetyDailySets_keepLastDailyWeeklyMonthly_inTheSchedulesZone_andOnlyItsOwnSets() throws IOException {
        String org = "ret-gfs";
        Instant today = Instant.parse("2026-12-06T01:00:00Z"); // a Sunday, 02:00 in Berlin
        // created "in 2030", so that no other test's tick fires them
        VirtualClock clock = new VirtualClock(FAR);
        Schedules schedules = new Schedules(repository, operations, JSON, clock);
        Schedule schedule = schedules.create(
                org, "nightly", "0 0 2 * * *", "Europe/Berlin", STATE, new RetentionPolicy(3, 7, 4, 3));
        Schedule other = schedules.create(org, "other", "@daily", "UTC", STATE, new RetentionPolicy(1, 0, 0, 0));
        ScheduleRetention retention = new ScheduleRetention(repository, schedules, operations, clock);

        // d89 .. d0: one set a night for 90 nights, made by the schedule; d50 was later found corrupt
        for (int i = 89; i >= 0; i--) {
            clock.set(today.minus(Duration.ofDays(i)));
            madeBy(schedule, set(org, "ret-d" + i, clock.instant(), i == 50));
        }
        // a set from a request and one of another schedule, older than anything the policy keeps: not its business
        set(org, "ret-manual", today.minus(Duration.ofDays(200)), false);
        madeBy(other, set(org, "ret-other", today.minus(Duration.ofDays(199)), false));

        RetentionOutcome dry = retention.apply(org, schedule.id(), true);
        assertThat(dry.decisions()).hasSize(90);
        assertThat(dry.deleted()).isEmpty();
        assertThat(sets.list(org, true, 1000)).hasSize(92);

        RetentionOutcome done = retention.apply(org, schedule.id(), false);

        // daily 7: d0..d6 (Nov 30 .. Dec 6); weekly 4: the Sundays d0, d7, d14, d21; monthly 3: d0 (December), d6
        // (November 30), d36 (October 31); d50 is corrupt: neither counted nor deleted
        List<String> expected = List.of(
                "ret-d0", "ret-d1", "ret-d2", "ret-d3", "ret-d4", "ret-d5", "ret-d6", "ret-d7", "ret-d14", "ret-d21",
                "ret-d36", "ret-d50");
        assertThat(done.deleted()).hasSize(78);
        List<String> left =
                sets.list(org, true, 1000).stream().map(BackupSet::id).toList();
        assertThat(left).containsExactlyInAnyOrderElementsOf(concat(expected, List.of("ret-manual", "ret-other")));
        assertThat(Files.exists(backupDir().resolve("ret-d8"))).isFalse();
        assertThat(Files.exists(backupDir().resolve("ret-d89"))).isFalse();
        assertThat(Files.exists(backupDir().resolve("ret-d36").resolve("manifest.json")))
                .isTrue();
        assertThat(Files.exists(backupDir().resolve("ret-manual"))).isTrue();
        assertThat(done.decisions().stream()
                        .filter(d -> d.id().equals("ret-d36"))
                        .findFirst()
                        .orElseThrow()
                        .reasons())
                .containsExactly("monthly 3");
        assertThat(repository.find(org, schedule.id()).orElseThrow().lastRetention())
                .isEqualTo("2026-12-06T01:00:00Z kept 12, deleted 78");

        // applied again, the same policy deletes nothing more
        assertThat(retention.apply(org, schedule.id(), false).deleted()).isEmpty();
    }

    @Test
    void theOnlyVerifiedSet_isKept_whateverThePolicy() throws IOException {
        String org = "ret-only";
        Instant now = Instant.parse("2026-12-06T01:00:00Z");
        VirtualClock clock = new VirtualClock(FAR);
        Schedules schedules = new Schedules(repository, operations, JSON, clock);
        Schedule schedule = schedules.create(org, "hourly", "@hourly", "UTC", STATE, new RetentionPolicy(0, 0, 0, 0));
        clock.set(now);
        madeBy(schedule, set(org, "ret-only-old", now.minus(Duration.ofDays(30)), false));
        madeBy(schedule, set(org, "ret-only-c1", now.minus(Duration.ofDays(2)), true));
        madeBy(schedule, set(org, "ret-only-c2", now.minus(Duration.ofDays(1)), true));

        RetentionOutcome outcome =
                new ScheduleRetention(repository, schedules, operations, clock).apply(org, schedule.id(), false);

        assertThat(outcome.deleted()).isEmpty();
        assertThat(sets.find(org, "ret-only-old")).isPresent();
        assertThat(outcome.decisions().get(outcome.decisions().size() - 1).reasons())
                .containsExactly("newest restorable set");
    }

    @Test
    void afterEachScheduledBackup_itsPolicyIsApplied() {
        String org = "ret-after";
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
                        Map.of("kind", "state", "services", List.of("alpha")),
                        "retention",
                        Map.of("keepLast", 1))));
        String id = created.get("id").asString();
        assertThat(created.path("retention").path("keepLast").asInt()).isEqualTo(1);
        Instant next = Instant.parse(created.get("next_run_at").asString());
        VirtualClock clock = new VirtualClock(next.plus(Duration.ofSeconds(5)));
        BackupScheduler scheduler =
                new BackupScheduler(repository, new Schedules(repository, operations, JSON, clock), clock, 50);

        scheduler.tick();
        String first = awaitSuccess(lastJob(org, id)).backupId();
        clock.set(next.plus(Duration.ofHours(1)).plus(Duration.ofSeconds(5)));
        scheduler.tick();
        String second = awaitSuccess(lastJob(org, id)).backupId();

        await().atMost(Duration.ofSeconds(30)).until(() -> sets.find(org, first).isEmpty());
        assertThat(sets.find(org, second)).isPresent();
        assertThat(Files.exists(backupDir().resolve(first))).isFalse();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> json(get(org, "/api/v1/backups/schedules/" + id + "/retention"))
                        .path("last_retention")
                        .asString()
                        .endsWith("kept 1, deleted 1"));
    }

    @Test
    void retentionApi_readsSetsAndRemovesThePolicy() {
        String org = "ret-api";
        JsonNode created = json(post(
                org,
                "/api/v1/backups/schedules",
                Map.of("name", "s", "cron", "@daily", "backup", Map.of("kind", "state"))));
        String path = "/api/v1/backups/schedules/" + created.get("id").asString() + "/retention";
        assertThat(json(get(org, path)).path("policy").isNull()).isTrue();
        assertThat(post(org, path + "/apply", Map.of("dryRun", true)).statusCode())
                .isEqualTo(400);

        JsonNode set = json(put(org, path, Map.of("keepLast", 2, "keepDaily", 7, "keepMonthly", 12)));
        assertThat(set.path("policy").path("keepLast").asInt()).isEqualTo(2);
        assertThat(set.path("policy").path("keepWeekly").asInt()).isZero();
        assertThat(json(get(org, path)).path("policy").path("keepMonthly").asInt())
                .isEqualTo(12);
        assertThat(json(post(org, path + "/apply", Map.of("dryRun", true)))
                        .path("dry_run")
                        .asBoolean())
                .isTrue();
        assertThat(put(org, path, Map.of("keepLast", -1)).statusCode()).isEqualTo(400);
        assertThat(put(org, "/api/v1/backups/schedules/nope/retention", Map.of("keepLast", 1))
                        .statusCode())
                .isEqualTo(404);
        assertThat(delete(org, path).statusCode()).isEqualTo(204);
        assertThat(json(get(org, path)).path("policy").isNull()).isTrue();
    }

    private String lastJob(String org, String scheduleId) {
        return repository.find(org, scheduleId).orElseThrow().lastJobId();
    }

    private void madeBy(Schedule schedule, String backupId) {
        repository.recordSet(schedule.id(), backupId, "job-" + backupId, Instant.now());
    }

    /** A catalogued set with a manifest file on the local target. */
    private String set(String org, String id, Instant createdAt, boolean corrupt) throws IOException {
        Path dir = Files.createDirectories(backupDir().resolve(id));
        Files.writeString(dir.resolve("manifest.json"), "{}");
        sets.save(new BackupSet(
                id,
                org,
                "state",
                "local",
                null,
                null,
                List.of("alpha"),
                1,
                1,
                2,
                "0".repeat(64),
                corrupt ? BackupSet.CORRUPT : BackupSet.VERIFIED,
                createdAt,
                createdAt,
                corrupt ? "a file is missing" : "verified after write",
                null));
        return id;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
