package io.shopwatch.backup.api;

import io.shopwatch.backup.api.BackupApi.CreateBackup;
import io.shopwatch.backup.api.BackupApi.JobList;
import io.shopwatch.backup.api.BackupApi.JobView;
import io.shopwatch.backup.api.BackupApi.Restore;
import io.shopwatch.backup.api.BackupApi.SetList;
import io.shopwatch.backup.api.BackupApi.SetView;
import io.shopwatch.backup.api.BackupApi.Verify;
import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.operation.BackupOperations;
import io.shopwatch.backup.retention.RetentionPolicy;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * The backup API, scoped to the caller's org: start backups, restores and verifies (each a job, answered 202 with the
 * job), list sets, follow and cancel jobs. Only translates HTTP; {@link BackupOperations} does the checking.
 */
@RestController
@RequestMapping("/api/v1/backups")
public class BackupController {

    private final BackupOperations operations;
    private final OrgResolver orgs;
    private final ObjectMapper json;

    public BackupController(BackupOperations operations, OrgResolver orgs, ObjectMapper json) {
        this.operations = operations;
        this.orgs = orgs;
        this.json = json;
    }

    @PostMapping
    public ResponseEntity<JobView> create(@RequestBody CreateBackup body, HttpServletRequest request) {
        String org = orgs.org(request);
        String kind = body.kind() == null ? "streams" : body.kind();
        if ("state".equals(kind)) {
            return accepted(
                    operations.backupState(org, body.services(), body.target(), Boolean.TRUE.equals(body.full())));
        }
        if (!"streams".equals(kind)) {
            throw ShopWatchException.invalid("kind: streams or state");
        }
        Duration slice = null;
        if (body.slice() != null && !body.slice().isBlank()) {
            try {
                slice = DurationStyle.detectAndParse(body.slice());
            } catch (IllegalArgumentException e) {
                throw ShopWatchException.invalid("slice: not a duration: " + body.slice());
            }
        }
        Job job = operations.backupStreams(
                org,
                body.streams(),
                body.streamType(),
                body.start(),
                body.end(),
                body.target(),
                slice,
                Boolean.TRUE.equals(body.incremental()));
        return accepted(job);
    }

    @GetMapping
    public SetList list(
            @RequestParam(defaultValue = "false") boolean all,
            @RequestParam(defaultValue = "100") int limit,
            HttpServletRequest request) {
        return new SetList(operations.sets(orgs.org(request), all, clamp(limit)).stream()
                .map(SetView::of)
                .toList());
    }

    @GetMapping("/{id}")
    public SetView get(@PathVariable String id, HttpServletRequest request) {
        return SetView.of(operations.set(orgs.org(request), id));
    }

    @PostMapping("/{id}/restore")
    public ResponseEntity<JobView> restore(
            @PathVariable String id, @RequestBody Restore body, HttpServletRequest request) {
        String org = orgs.org(request);
        if ("state".equals(operations.set(org, id).kind())) {
            return accepted(operations.restoreState(
                    org, id, body.services(), body.conflicts(), Boolean.TRUE.equals(body.dryRun())));
        }
        return accepted(operations.restore(
                org, id, body.streams(), Boolean.TRUE.equals(body.dryRun()), body.timestamps(), body.ifExists()));
    }

    @PostMapping("/{id}/verify")
    public ResponseEntity<JobView> verify(
            @PathVariable String id, @RequestBody(required = false) Verify body, HttpServletRequest request) {
        return accepted(operations.verify(orgs.org(request), id, body == null ? null : body.mode()));
    }

    @PostMapping("/retention")
    public BackupApi.RetentionView retention(@RequestBody BackupApi.Retention body, HttpServletRequest request)
            throws java.io.IOException {
        RetentionPolicy policy;
        try {
            policy = new RetentionPolicy(
                    orZero(body.keepLast()),
                    orZero(body.keepDaily()),
                    orZero(body.keepWeekly()),
                    orZero(body.keepMonthly()));
        } catch (IllegalArgumentException e) {
            throw ShopWatchException.invalid(e.getMessage());
        }
        BackupOperations.RetentionOutcome outcome =
                operations.retention(orgs.org(request), policy, Boolean.TRUE.equals(body.dryRun()));
        return new BackupApi.RetentionView(outcome.dryRun(), outcome.decisions(), outcome.deleted());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    @GetMapping("/jobs")
    public JobList jobs(@RequestParam(defaultValue = "100") int limit, HttpServletRequest request) {
        return new JobList(operations.jobs(orgs.org(request), clamp(limit)).stream()
                .map(j -> JobView.of(j, json))
                .toList());
    }

    @GetMapping("/jobs/{id}")
    public JobView job(@PathVariable String id, HttpServletRequest request) {
        return JobView.of(operations.job(orgs.org(request), id), json);
    }

    @PostMapping("/jobs/{id}/cancel")
    public JobView cancel(@PathVariable String id, HttpServletRequest request) {
        return JobView.of(operations.cancel(orgs.org(request), id), json);
    }

    private ResponseEntity<JobView> accepted(Job job) {
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/backups/jobs/" + job.id()))
                .body(JobView.of(job, json));
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(limit, 1000));
    }
}
