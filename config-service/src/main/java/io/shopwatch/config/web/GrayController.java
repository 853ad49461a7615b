package io.shopwatch.config.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.config.gray.GrayRelease;
import io.shopwatch.config.gray.GrayReleases;
import io.shopwatch.config.gray.GrayRule;
import io.shopwatch.config.gray.Instance;
import io.shopwatch.config.gray.InstanceAck;
import io.shopwatch.config.gray.RolloutStatus;
import io.shopwatch.config.release.Target;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Gray releases of one (application, profile) and the instances' acknowledgements: HTTP translation only,
 * {@link GrayReleases} does the work.
 */
@RestController
public class GrayController {

    private static final String BASE = "/api/v1/config/{application}/{profile}/gray";

    private final GrayReleases grays;
    private final Callers callers;
    private final Clock clock;

    public GrayController(GrayReleases grays, Callers callers, Clock clock) {
        this.grays = grays;
        this.callers = callers;
        this.clock = clock;
    }

    /** Publishes the draft as a gray release for the chosen instances: 201, or 409 when one is in progress. */
    @PostMapping(BASE)
    public ResponseEntity<GrayView> start(
            @PathVariable String application,
            @PathVariable String profile,
            @Valid @RequestBody GrayRequest body,
            HttpServletRequest request) {
        Target target = target(application, profile, request);
        GrayRule rule = new GrayRule(body.instances(), body.labels());
        GrayRelease gray = grays.start(target, rule, body.reason().strip(), callers.actor());
        return ResponseEntity.created(URI.create("/api/v1/config/" + application + "/" + profile + "/gray"))
                .body(GrayView.of(gray));
    }

    /** The newest gray release (if any) and every instance's rollout status. */
    @GetMapping(BASE)
    public RolloutView status(
            @PathVariable String application, @PathVariable String profile, HttpServletRequest request) {
        return RolloutView.of(grays.status(target(application, profile, request)));
    }

    @PostMapping(BASE + "/promote")
    public GrayView promote(
            @PathVariable String application,
            @PathVariable String profile,
            @Valid @RequestBody(required = false) EndRequest body,
            HttpServletRequest request) {
        return GrayView.of(grays.promote(
                target(application, profile, request), reason(body, "promote the gray release"), callers.actor()));
    }

    @PostMapping(BASE + "/abandon")
    public GrayView abandon(
            @PathVariable String application,
            @PathVariable String profile,
            @Valid @RequestBody(required = false) EndRequest body,
            HttpServletRequest request) {
        return GrayView.of(grays.abandon(
                target(application, profile, request), reason(body, "abandon the gray release"), callers.actor()));
    }

    /**
     * An instance of the application reports the releases it applied (the config client does after every fetch); only
     * a service's credentials or an admin may (403 otherwise), so that nobody fakes a rollout status.
     */
    @PostMapping("/api/v1/config/{application}/acks")
    public ResponseEntity<Void> acknowledge(
            @PathVariable String application, @Valid @RequestBody AckRequest body, HttpServletRequest request) {
        if (!callers.mayActForInstance()) {
            throw new ShopWatchException(
                    ProblemType.FORBIDDEN,
                    "only a service (the platform credentials or its API key) or an admin may acknowledge releases");
        }
        String org = callers.org(request);
        new Target(org, application, "default"); // validates the application's name
        grays.acknowledge(
                org,
                application,
                new InstanceAck(
                        new Instance(body.instance(), new TreeMap<>(body.labels() == null ? Map.of() : body.labels())),
                        body.profile(),
                        body.version(),
                        body.releases(),
                        clock.instant(),
                        body.url()));
        return ResponseEntity.noContent().build();
    }

    private Target target(String application, String profile, HttpServletRequest request) {
        return new Target(callers.org(request), application, profile);
    }

    private static String reason(EndRequest body, String fallback) {
        return body == null || body.reason() == null || body.reason().isBlank()
                ? fallback
                : body.reason().strip();
    }

    /** Body of a gray publish: why, and the instances it goes to (by id, by labels, or both). */
    public record GrayRequest(
            @NotBlank @Size(max = 1000) String reason,
            @Size(max = 1000) SortedSet<@NotBlank @Size(max = 256) String> instances,
            @Size(max = 50) SortedMap<String, String> labels) {}

    /** Body of a promote or abandon. */
    public record EndRequest(@Size(max = 1000) String reason) {}

    /** Body of an acknowledgement. */
    public record AckRequest(
            @NotBlank @Size(max = 256) String instance,
            @Size(max = 50) Map<String, String> labels,
            @NotBlank @Size(max = 256) String profile,
            @Size(max = 64) String version,
            @Size(max = 64) List<Long> releases,

            @Size(max = 512) @Pattern(regexp = "https?://[^\\s]+") String url) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrayView(
            long id,
            String application,
            String profile,
            long releaseId,
            long baseReleaseId,
            SortedSet<String> instances,
            SortedMap<String, String> labels,
            String state,
            String reason,
            String createdBy,
            Instant createdAt,
            String endedBy,
            Instant endedAt) {
        static GrayView of(GrayRelease g) {
            return new GrayView(
                    g.id(),
                    g.target().application(),
                    g.target().profile(),
                    g.releaseId(),
                    g.baseReleaseId(),
                    new TreeSet<>(g.rule().instances()),
                    g.rule().labels(),
                    g.state().name(),
                    g.reason(),
                    g.createdBy(),
                    g.createdAt(),
                    g.endedBy(),
                    g.endedAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RolloutView(
            GrayView gray, Long inForce, long grayInstances, long grayApplied, List<InstanceView> instances) {
        static RolloutView of(RolloutStatus s) {
            return new RolloutView(
                    s.gray() == null ? null : GrayView.of(s.gray()),
                    s.inForce(),
                    s.grayInstances(),
                    s.grayApplied(),
                    s.instances().stream().map(InstanceView::of).toList());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InstanceView(
            String instance,
            SortedMap<String, String> labels,
            boolean gray,
            Long expectedRelease,
            Long appliedRelease,
            String status,
            Instant ackedAt) {
        static InstanceView of(RolloutStatus.InstanceStatus i) {
            return new InstanceView(
                    i.instance().id(),
                    i.instance().labels(),
                    i.gray(),
                    i.expectedRelease(),
                    i.appliedRelease(),
                    i.status().name(),
                    i.ackedAt());
        }
    }
}
