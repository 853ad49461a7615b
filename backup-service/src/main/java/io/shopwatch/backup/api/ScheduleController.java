package io.shopwatch.backup.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shopwatch.backup.operation.BackupOperations;
import io.shopwatch.backup.retention.RetentionPolicy;
import io.shopwatch.backup.schedule.Schedule;
import io.shopwatch.backup.schedule.ScheduleRetention;
import io.shopwatch.backup.schedule.ScheduledBackup;
import io.shopwatch.backup.schedule.Schedules;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Cron schedules of backups, per org. */
@RestController
@RequestMapping("/api/v1/backups/schedules")
public class ScheduleController {

    /**
     * {@code POST /api/v1/backups/schedules}.
     *
     * @param cron six fields (second minute hour day month weekday) or a macro ({@code @daily})
     * @param zone time zone of the expression; default UTC
     */
    public record CreateSchedule(
            String name, String cron, String zone, ScheduledBackup backup, BackupApi.Retention retention) {}

    /** {@code GET|PUT /api/v1/backups/schedules/{id}/retention}: the policy (null: every set is kept). */
    public record RetentionSettings(
            RetentionPolicy policy,
            @JsonProperty("last_retention") String lastRetention) {}

    /** A schedule as the API shows it. */
    public record ScheduleView(
            String id,
            String name,
            String cron,
            String zone,
            JsonNode backup,
            boolean enabled,
            @JsonProperty("next_run_at") Instant nextRunAt,
            @JsonProperty("last_run_at") Instant lastRunAt,
            @JsonProperty("last_job_id") String lastJobId,
            @JsonProperty("last_error") String lastError,
            @JsonProperty("created_at") Instant createdAt,
            JsonNode retention,
            @JsonProperty("last_retention") String lastRetention) {

        static ScheduleView of(Schedule s, ObjectMapper json) {
            return new ScheduleView(
                    s.id(),
                    s.name(),
                    s.cron(),
                    s.zone(),
                    json.readTree(s.request()),
                    s.enabled(),
                    s.nextRunAt(),
                    s.lastRunAt(),
                    s.lastJobId(),
                    s.lastError(),
                    s.createdAt(),
                    s.retention() == null ? null : json.readTree(s.retention()),
                    s.lastRetention());
        }
    }

    /** {@code GET /api/v1/backups/schedules}. */
    public record ScheduleList(List<ScheduleView> schedules) {}

    private final Schedules schedules;
    private final ScheduleRetention retention;
    private final OrgResolver orgs;
    private final ObjectMapper json;

    public ScheduleController(Schedules schedules, ScheduleRetention retention, OrgResolver orgs, ObjectMapper json) {
        this.schedules = schedules;
        this.retention = retention;
        this.orgs = orgs;
        this.json = json;
    }

    @PostMapping
    public ResponseEntity<ScheduleView> create(@RequestBody CreateSchedule body, HttpServletRequest request) {
        Schedule s = schedules.create(
                orgs.org(request),
                body.name(),
                body.cron(),
                body.zone(),
                body.backup(),
                body.retention() == null ? null : policy(body.retention()));
        return ResponseEntity.created(URI.create("/api/v1/backups/schedules/" + s.id()))
                .body(ScheduleView.of(s, json));
    }

    @GetMapping
    public ScheduleList list(HttpServletRequest request) {
        return new ScheduleList(schedules.list(orgs.org(request)).stream()
                .map(s -> ScheduleView.of(s, json))
                .toList());
    }

    @GetMapping("/{id}")
    public ScheduleView get(@PathVariable String id, HttpServletRequest request) {
        return ScheduleView.of(schedules.get(orgs.org(request), id), json);
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
        schedules.delete(orgs.org(request), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/retention")
    public RetentionSettings retention(@PathVariable String id, HttpServletRequest request) {
        Schedule s = schedules.get(orgs.org(request), id);
        return new RetentionSettings(schedules.retention(s), s.lastRetention());
    }

    /** Sets the schedule's policy ({@code keepLast}, {@code keepDaily}, {@code keepWeekly}, {@code keepMonthly}). */
    @PutMapping("/{id}/retention")
    public RetentionSettings setRetention(
            @PathVariable String id, @RequestBody BackupApi.Retention body, HttpServletRequest request) {
        Schedule s = schedules.setRetention(orgs.org(request), id, policy(body));
        return new RetentionSettings(schedules.retention(s), s.lastRetention());
    }

    /** Removes the schedule's policy: its sets are all kept. */
    @DeleteMapping("/{id}/retention")
    public ResponseEntity<Void> removeRetention(@PathVariable String id, HttpServletRequest request) {
        schedules.setRetention(orgs.org(request), id, null);
        return ResponseEntity.noContent().build();
    }

    /** Applies the schedule's policy now ({@code dryRun}: decides without deleting). */
    @PostMapping("/{id}/retention/apply")
    public BackupApi.RetentionView applyRetention(
            @PathVariable String id,
            @RequestBody(required = false) BackupApi.Retention body,
            HttpServletRequest request) {
        BackupOperations.RetentionOutcome outcome =
                retention.apply(orgs.org(request), id, body != null && Boolean.TRUE.equals(body.dryRun()));
        return new BackupApi.RetentionView(outcome.dryRun(), outcome.decisions(), outcome.deleted());
    }

    private static RetentionPolicy policy(BackupApi.Retention body) {
        try {
            return new RetentionPolicy(
                    orZero(body.keepLast()),
                    orZero(body.keepDaily()),
                    orZero(body.keepWeekly()),
                    orZero(body.keepMonthly()));
        } catch (IllegalArgumentException e) {
            throw ShopWatchException.invalid(e.getMessage());
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
