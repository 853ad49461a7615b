package io.shopwatch.config.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.config.release.ConfigReleases;
import io.shopwatch.config.release.Draft;
import io.shopwatch.config.release.HistoryEntry;
import io.shopwatch.config.release.PropertyMaps;
import io.shopwatch.config.release.Published;
import io.shopwatch.config.release.Release;
import io.shopwatch.config.release.ReleaseDiff;
import io.shopwatch.config.release.Secrets;
import io.shopwatch.config.release.Target;
import io.shopwatch.config.validate.FieldError;
import io.shopwatch.config.validate.InvalidConfigurationException;
import io.shopwatch.config.validate.ValidationGate;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The configuration API: drafts, publish, releases, diff, rollback and history of one (application, profile) in the
 * caller's org. Only HTTP translation happens here; {@link ConfigReleases} does the work. Secrets are always masked.
 */
@RestController
@RequestMapping("/api/v1/config/{application}/{profile}")
public class ConfigController {

    /** Type of the 422 answer of a publish refused by the validation gate. */
    public static final URI INVALID_CONFIGURATION = URI.create(ProblemType.BASE + "invalid-configuration");

    private final ConfigReleases releases;
    private final ValidationGate validation;
    private final Callers callers;

    public ConfigController(ConfigReleases releases, ValidationGate validation, Callers callers) {
        this.releases = releases;
        this.validation = validation;
        this.callers = callers;
    }

    /** The validation gate's verdict on the draft, without publishing: {@code valid} and the field errors. */
    @PostMapping("/validate")
    public ValidationView validate(
            @PathVariable String application, @PathVariable String profile, HttpServletRequest request) {
        Draft draft = releases.draft(target(application, profile, request));
        List<FieldError> errors = validation.validate(application, draft.properties());
        return new ValidationView(errors.isEmpty(), errors);
    }

    /** 422 problem+json with one entry per field error; nothing was published. */
    @ExceptionHandler(InvalidConfigurationException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidConfigurationException e, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "the configuration has " + e.errors().size() + " invalid setting(s); nothing was published");
        body.setType(INVALID_CONFIGURATION);
        body.setTitle("Invalid configuration");
        body.setInstance(URI.create(request.getRequestURI()));
        body.setProperty("errors", e.errors());
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    @PutMapping("/draft")
    public DraftView putDraft(
            @PathVariable String application,
            @PathVariable String profile,
            @RequestBody JsonNode properties,
            HttpServletRequest request) {
        Target target = target(application, profile, request);
        return DraftView.of(releases.putDraft(target, PropertyMaps.flatten(properties), callers.actor()));
    }

    @GetMapping("/draft")
    public DraftView draft(@PathVariable String application, @PathVariable String profile, HttpServletRequest request) {
        return DraftView.of(releases.draft(target(application, profile, request)));
    }

    @PostMapping("/publish")
    public ResponseEntity<ReleaseView> publish(
            @PathVariable String application,
            @PathVariable String profile,
            @Valid @RequestBody PublishRequest body,
            HttpServletRequest request) {
        Target target = target(application, profile, request);
        Published published = releases.publish(target, body.reason().strip(), callers.actor());
        Release release = published.release();
        return ResponseEntity.created(
                        URI.create("/api/v1/config/" + application + "/" + profile + "/releases/" + release.id()))
                .body(ReleaseView.of(release, true, false).withDryRun(published.dryRun()));
    }

    @GetMapping("/releases")
    public List<ReleaseView> releases(
            @PathVariable String application, @PathVariable String profile, HttpServletRequest request) {
        Target target = target(application, profile, request);
        Long inForce = releases.inForce(target);
        return releases.releases(target).stream()
                .map(r -> ReleaseView.of(r, inForce != null && inForce == r.id(), false))
                .toList();
    }

    @GetMapping("/releases/{id}")
    public ReleaseView release(
            @PathVariable String application,
            @PathVariable String profile,
            @PathVariable long id,
            HttpServletRequest request) {
        Target target = target(application, profile, request);
        Long inForce = releases.inForce(target);
        return ReleaseView.of(releases.release(target, id), inForce != null && inForce == id, true);
    }

    @GetMapping("/diff")
    public DiffView diff(
            @PathVariable String application,
            @PathVariable String profile,
            @RequestParam long from,
            @RequestParam long to,
            HttpServletRequest request) {
        ReleaseDiff diff = releases.diff(target(application, profile, request), from, to);
        return new DiffView(from, to, diff.added(), diff.removed(), diff.changed(), diff.summary());
    }

    @PostMapping("/rollback")
    public ReleaseView rollback(
            @PathVariable String application,
            @PathVariable String profile,
            @Valid @RequestBody RollbackRequest body,
            HttpServletRequest request) {
        Target target = target(application, profile, request);
        String reason = body.reason() == null || body.reason().isBlank()
                ? "rollback to release " + body.release()
                : body.reason().strip();
        return ReleaseView.of(releases.rollback(target, body.release(), reason, callers.actor()), true, false);
    }

    @GetMapping("/history")
    public List<HistoryView> history(
            @PathVariable String application, @PathVariable String profile, HttpServletRequest request) {
        return releases.history(target(application, profile, request)).stream()
                .map(HistoryView::of)
                .toList();
    }

    private Target target(String application, String profile, HttpServletRequest request) {
        return new Target(callers.org(request), application, profile);
    }

    static SortedMap<String, Object> masked(Map<String, Object> properties) {
        SortedMap<String, Object> masked = new TreeMap<>();
        properties.forEach((k, v) -> masked.put(k, Secrets.mask(v)));
        return masked;
    }

    /** Body of a publish. */
    public record PublishRequest(@NotBlank @Size(max = 1000) String reason) {}

    /** Body of a rollback: the release to put back in force, and optionally why. */
    public record RollbackRequest(
            @NotNull Long release, @Size(max = 1000) String reason) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DraftView(
            String application,
            String profile,
            SortedMap<String, Object> properties,
            String editedBy,
            Instant editedAt) {
        static DraftView of(Draft d) {
            return new DraftView(
                    d.target().application(), d.target().profile(), masked(d.properties()), d.editedBy(), d.editedAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReleaseView(
            long id,
            String application,
            String profile,
            String sha256,
            String author,
            String editedBy,
            String reason,
            Instant createdAt,
            Long parentId,
            boolean inForce,
            SortedMap<String, Object> properties,
            Object dryRun) {
        ReleaseView withDryRun(Object report) {
            return new ReleaseView(
                    id,
                    application,
                    profile,
                    sha256,
                    author,
                    editedBy,
                    reason,
                    createdAt,
                    parentId,
                    inForce,
                    properties,
                    report);
        }

        static ReleaseView of(Release r, boolean inForce, boolean withProperties) {
            return new ReleaseView(
                    r.id(),
                    r.target().application(),
                    r.target().profile(),
                    r.sha256(),
                    r.author(),
                    r.editedBy(),
                    r.reason(),
                    r.createdAt(),
                    r.parentId(),
                    inForce,
                    withProperties ? masked(r.properties()) : null,
                    null);
        }
    }

    public record ValidationView(boolean valid, List<FieldError> errors) {}

    public record DiffView(
            long from,
            long to,
            SortedMap<String, Object> added,
            SortedMap<String, Object> removed,
            SortedMap<String, ReleaseDiff.Change> changed,
            String summary) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HistoryView(
            long id, String operation, Long fromRelease, long toRelease, String actor, String reason, Instant at) {
        static HistoryView of(HistoryEntry h) {
            return new HistoryView(
                    h.id(), h.operation().name(), h.fromRelease(), h.toRelease(), h.actor(), h.reason(), h.at());
        }
    }
}
