package io.shopwatch.alert.api;

import io.shopwatch.alert.ack.GroupAcks;
import io.shopwatch.alert.alertmanager.AlertGroups;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.escalation.EscalationState;
import io.shopwatch.alert.escalation.Escalations;
import io.shopwatch.alert.notify.NotificationExtras.Ack;
import io.shopwatch.alert.notify.NotificationProperties;
import io.shopwatch.alert.outbox.Outbox;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alert groups with their ids, acknowledgements and escalations: {@code POST /api/v1/alerts/groups/{id}/ack} stops
 * repeats and escalation until the group resolves or the acknowledgement expires. {@code ?state=resolved} lists the
 * groups that resolved within the recent history instead of the firing ones.
 */
@RestController
@RequestMapping("/api/v1/alerts/groups")
@Tag(name = "Alert groups")
public class AlertGroupsController {

    /**
     * A group as the API shows it.
     *
     * @param state {@code firing} or {@code resolved}
     * @param resolvedAt when the last of a resolved group's alerts ended; null while firing
     */
    public record GroupView(
            String id,
            String groupKey,
            String receiver,
            Map<String, String> labels,
            List<AlertView> alerts,
            Ack ack,
            List<EscalationView> escalations,
            String state,
            Instant resolvedAt) {}

    /** An alert of a group; {@code endsAt} only once it resolved. */
    public record AlertView(
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            String fingerprint,
            Instant endsAt) {}

    /** Most resolved groups listed. */
    static final int MAX_RESOLVED_GROUPS = 200;

    /** Where an escalation stands. */
    public record EscalationView(String policy, String receiver, int round, int nextStep, Instant nextAt) {}

    /** An acknowledgement request: an optional comment and duration (Prometheus format, e.g. {@code 2h}). */
    public record AckRequest(String comment, String duration) {}

    private final AlertGroups groups;
    private final GroupAcks acks;
    private final Escalations escalations;
    private final Outbox outbox;
    private final OrgResolver orgs;
    private final Clock clock;
    private final NotificationProperties properties;

    public AlertGroupsController(
            AlertGroups groups,
            GroupAcks acks,
            Escalations escalations,
            Outbox outbox,
            OrgResolver orgs,
            Clock clock,
            NotificationProperties properties) {
        this.groups = groups;
        this.acks = acks;
        this.escalations = escalations;
        this.outbox = outbox;
        this.orgs = orgs;
        this.clock = clock;
        this.properties = properties;
    }

    @GetMapping
    @Operation(
            summary = "The firing alert groups, with ids, acknowledgements and escalations; with state=resolved the"
                    + " groups resolved within shopwatch.alert.resolved-history (24 h), the latest first, at most 200")
    public List<GroupView> list(@RequestParam(defaultValue = "firing") String state, HttpServletRequest request) {
        String org = orgs.org(request);
        return switch (state) {
            case "firing" -> groups.groups(org).stream().map(g -> view(org, g)).toList();
            case "resolved" ->
                groups.resolved(org, MAX_RESOLVED_GROUPS).stream()
                        .map(AlertGroupsController::resolvedView)
                        .toList();
            default -> throw ShopWatchException.invalid("state must be firing or resolved, not " + state);
        };
    }

    @GetMapping("/{id}")
    @Operation(summary = "One alert group, with its latest notifications")
    public Map<String, Object> get(@PathVariable String id, HttpServletRequest request) {
        String org = orgs.org(request);
        AlertGroups.Group g = find(org, id);
        List<NotificationsController.NotificationView> notifications =
                outbox.list(org, Optional.empty(), Optional.empty(), 500).stream()
                        .filter(e -> e.groupId().equals(id))
                        .limit(50)
                        .map(NotificationsController.NotificationView::of)
                        .toList();
        return Map.of("group", view(org, g), "notifications", notifications);
    }

    @PostMapping("/{id}/ack")
    @Operation(summary = "Acknowledge a group: repeats and escalation stop until it resolves or the ack expires")
    public GroupView ack(
            @PathVariable String id, @RequestBody(required = false) AckRequest body, HttpServletRequest request) {
        String org = orgs.org(request);
        AlertGroups.Group g = find(org, id);
        Principal caller = request.getUserPrincipal();
        String by = caller == null || caller.getName() == null ? "api" : caller.getName();
        acknowledge(acks, org, g, by, body, clock.instant(), properties.ackDuration());
        return view(org, g);
    }

    @DeleteMapping("/{id}/ack")
    @Operation(summary = "Withdraw the acknowledgement of a group")
    public ResponseEntity<Void> unack(@PathVariable String id, HttpServletRequest request) {
        String org = orgs.org(request);
        if (!acks.clear(org, id)) {
            throw ShopWatchException.notFound("acknowledgement of group", id);
        }
        return ResponseEntity.noContent().build();
    }

    /** Records an acknowledgement (shared with the one-click link). */
    static Ack acknowledge(
            GroupAcks acks,
            String org,
            AlertGroups.Group g,
            String by,
            AckRequest body,
            Instant now,
            Duration defaultDuration) {
        Duration duration = defaultDuration;
        if (body != null && body.duration() != null && !body.duration().isBlank()) {
            try {
                duration =
                        io.shopwatch.alert.core.Durations.parse(body.duration().trim());
            } catch (IllegalArgumentException e) {
                throw ShopWatchException.invalid("invalid duration " + body.duration() + ": " + e.getMessage());
            }
            if (duration.isZero() || duration.compareTo(Duration.ofDays(30)) > 0) {
                throw ShopWatchException.invalid("duration must be more than 0 and at most 30d");
            }
        }
        String comment = body == null || body.comment() == null ? "" : body.comment();
        if (comment.length() > 1000) {
            throw ShopWatchException.invalid("comment is longer than 1000 characters");
        }
        Ack ack = new Ack(by, now, comment, now.plus(duration));
        acks.put(org, g.id(), g.groupKey(), ack);
        return ack;
    }

    private AlertGroups.Group find(String org, String id) {
        return groups.group(org, id).orElseThrow(() -> ShopWatchException.notFound("firing alert group", id));
    }

    private GroupView view(String org, AlertGroups.Group g) {
        List<AlertView> alerts = g.alerts().stream()
                .map((Alert a) -> new AlertView(
                        a.labels().asMap(),
                        a.annotations(),
                        a.startsAt(),
                        a.labels().fingerprintHex(),
                        null))
                .toList();
        List<EscalationView> esc = escalations.forGroup(org, g.id()).stream()
                .map((EscalationState s) ->
                        new EscalationView(s.policy(), s.receiver(), s.round(), s.nextStep() + 1, s.nextAt()))
                .toList();
        return new GroupView(
                g.id(),
                g.groupKey(),
                g.receiver(),
                g.labels().asMap(),
                alerts,
                acks.get(org, g.id(), clock.instant()).orElse(null),
                esc,
                "firing",
                null);
    }

    private static GroupView resolvedView(AlertGroups.ResolvedGroup r) {
        AlertGroups.Group g = r.group();
        List<AlertView> alerts = g.alerts().stream()
                .map((Alert a) -> new AlertView(
                        a.labels().asMap(),
                        a.annotations(),
                        a.startsAt(),
                        a.labels().fingerprintHex(),
                        a.endsAt()))
                .toList();
        return new GroupView(
                g.id(),
                g.groupKey(),
                g.receiver(),
                g.labels().asMap(),
                alerts,
                null,
                List.of(),
                "resolved",
                r.resolvedAt());
    }
}
