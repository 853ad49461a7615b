package io.shopwatch.backup.schedule;

import io.shopwatch.backup.operation.BackupOperations;
import io.shopwatch.backup.retention.RetentionPolicy;
import io.shopwatch.common.web.ShopWatchException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.ObjectMapper;

/**
 * Creates, lists and deletes an org's schedules (checked here: the expression, the zone, the backup asked for), and
 * launches a schedule's backup through {@link BackupOperations} as any request would.
 */
public class Schedules implements BackupScheduler.Launcher {

    private final ScheduleRepository repository;
    private final BackupOperations operations;
    private final ObjectMapper json;
    private final Clock clock;

    public Schedules(ScheduleRepository repository, BackupOperations operations, ObjectMapper json, Clock clock) {
        this.repository = repository;
        this.operations = operations;
        this.json = json;
        this.clock = clock;
    }

    public Schedule create(String org, String name, String cron, String zone, ScheduledBackup backup) {
        return create(org, name, cron, zone, backup, null);
    }

    /** Creates a schedule whose sets {@code retention} decides (null keeps them all). */
    public Schedule create(
            String org, String name, String cron, String zone, ScheduledBackup backup, RetentionPolicy retention) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ShopWatchException.invalid("name: 1 to 200 characters");
        }
        String zoneId = zone == null || zone.isBlank() ? "UTC" : zone.strip();
        Instant next;
        try {
            next = BackupScheduler.next(
                    cron == null ? "" : cron, ZoneId.of(zoneId).getId(), clock.instant());
        } catch (DateTimeException e) {
            throw ShopWatchException.invalid("zone: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ShopWatchException.invalid("cron: " + e.getMessage()
                    + " (six fields: second minute hour day month weekday, or @hourly, @daily, @weekly, @monthly)");
        }
        if (backup == null) {
            throw ShopWatchException.invalid("backup: say what to back up");
        }
        String kind = backup.kind() == null ? "streams" : backup.kind();
        if ("streams".equals(kind)) {
            if (backup.streams() == null || backup.streams().isEmpty()) {
                throw ShopWatchException.invalid("backup.streams: name at least one stream");
            }
            duration("backup.slice", backup.slice());
            duration("backup.firstLookback", backup.firstLookback());
        } else if (!"state".equals(kind)) {
            throw ShopWatchException.invalid("backup.kind: streams or state");
        }
        ScheduledBackup normal = new ScheduledBackup(
                kind,
                backup.streams(),
                backup.streamType(),
                backup.services(),
                backup.target(),
                backup.slice(),
                backup.firstLookback());
        Schedule schedule = new Schedule(
                "sc-" + UUID.randomUUID().toString().substring(0, 12),
                org,
                name.strip(),
                cron.strip(),
                zoneId,
                json.writeValueAsString(normal),
                true,
                next,
                null,
                null,
                null,
                clock.instant(),
                retention == null ? null : json.writeValueAsString(retention),
                null);
        if (!repository.insert(schedule)) {
            throw ShopWatchException.conflict("a schedule named " + name.strip() + " exists");
        }
        return schedule;
    }

    public List<Schedule> list(String org) {
        return repository.list(org);
    }

    public Schedule get(String org, String id) {
        return repository.find(org, id).orElseThrow(() -> ShopWatchException.notFound("schedule", id));
    }

    /** The schedule's retention policy; null when it keeps every set. */
    public RetentionPolicy retention(Schedule schedule) {
        return schedule.retention() == null ? null : json.readValue(schedule.retention(), RetentionPolicy.class);
    }

    /** Sets (null: removes) the retention policy of a schedule and returns the schedule. */
    public Schedule setRetention(String org, String id, RetentionPolicy retention) {
        if (!repository.setRetention(org, id, retention == null ? null : json.writeValueAsString(retention))) {
            throw ShopWatchException.notFound("schedule", id);
        }
        return get(org, id);
    }

    public void delete(String org, String id) {
        if (!repository.delete(org, id)) {
            throw ShopWatchException.notFound("schedule", id);
        }
    }

    @Override
    public String launch(Schedule schedule, Instant fireTime) {
        ScheduledBackup backup = json.readValue(schedule.request(), ScheduledBackup.class);
        if ("state".equals(backup.kind())) {
            return operations
                    .backupState(schedule.org(), backup.services(), backup.target())
                    .id();
        }
        Instant end = clock.instant();
        Duration lookback = duration("firstLookback", backup.firstLookback());
        return operations
                .backupStreams(
                        schedule.org(),
                        backup.streams(),
                        backup.streamType(),
                        end.minus(lookback == null ? Duration.ofDays(1) : lookback),
                        end,
                        backup.target(),
                        duration("slice", backup.slice()),
                        true)
                .id();
    }

    private static Duration duration(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException e) {
            throw ShopWatchException.invalid(field + ": not a duration: " + value);
        }
    }
}
