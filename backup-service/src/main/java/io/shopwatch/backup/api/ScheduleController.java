package io.shopwatch.backup.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shopwatch.backup.schedule.Schedule;
import io.shopwatch.backup.schedule.ScheduledBackup;
import io.shopwatch.backup.schedule.Schedules;
import io.shopwatch.common.security.servlet.OrgResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
    public record CreateSchedule(String name, String cron, String zone, ScheduledBackup backup) {}

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
            @JsonProperty("created_at") Instant createdAt) {

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
                    s.createdAt());
        }
    }

    /** {@code GET /api/v1/backups/schedules}. */
    public record ScheduleList(List<ScheduleView> schedules) {}

    private final Schedules schedules;
    private final OrgResolver orgs;
    private final ObjectMapper json;

    public ScheduleController(Schedules schedules, OrgResolver orgs, ObjectMapper json) {
        this.schedules = schedules;
        this.orgs = orgs;
        this.json = json;
    }

    @PostMapping
    public ResponseEntity<ScheduleView> create(@RequestBody CreateSchedule body, HttpServletRequest request) {
        Schedule s = schedules.create(orgs.org(request), body.name(), body.cron(), body.zone(), body.backup());
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
}
