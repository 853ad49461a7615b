package io.shopwatch.alert.api;

import io.shopwatch.alert.notify.NotificationProperties;
import io.shopwatch.alert.outbox.Outbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The outbox as operators see it: every notification, where it stands, and the provider's last answer. */
@RestController
@RequestMapping("/api/v1/alerts/notifications")
@Tag(name = "Notifications")
public class NotificationsController {

    /** One notification. */
    public record NotificationView(
            long id,
            String receiver,
            String integration,
            String kind,
            String status,
            String groupId,
            String groupKey,
            String alertStatus,
            String reason,
            int alerts,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Instant deadline,
            Instant finishedAt,
            String lastError,
            String providerAnswer) {

        static NotificationView of(OutboxEntry e) {
            OutboxEntry.Target t = e.target();
            return new NotificationView(
                    e.id(),
                    t.receiver(),
                    t.integration() + "[" + t.index() + "]",
                    e.kind().name().toLowerCase(Locale.ROOT),
                    e.status().name().toLowerCase(Locale.ROOT),
                    e.groupId(),
                    e.groupKey(),
                    e.notification().status(),
                    e.notification().reason().text(),
                    e.notification().alerts().size(),
                    e.attempts(),
                    e.createdAt(),
                    e.status().finished() ? null : e.nextAttemptAt(),
                    e.deadline(),
                    e.finishedAt(),
                    e.lastError(),
                    e.providerAnswer());
        }
    }

    private final Outbox outbox;
    private final OrgResolver orgs;
    private final Clock clock;
    private final NotificationProperties properties;

    public NotificationsController(Outbox outbox, OrgResolver orgs, Clock clock, NotificationProperties properties) {
        this.outbox = outbox;
        this.orgs = orgs;
        this.clock = clock;
        this.properties = properties;
    }

    @GetMapping
    @Operation(
            summary =
                    "Notifications, newest first; status: pending, sending, delivered, failed, expired, superseded, withdrawn")
    public List<NotificationView> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String receiver,
            @RequestParam(defaultValue = "100") int limit,
            HttpServletRequest request) {
        Optional<OutboxEntry.Status> s = Optional.empty();
        if (status != null && !status.isBlank()) {
            try {
                s = Optional.of(OutboxEntry.Status.valueOf(status.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ShopWatchException.invalid("unknown status " + status
                        + "; one of pending, sending, delivered, failed, expired, superseded, withdrawn");
            }
        }
        int n = Math.max(1, Math.min(limit, 1000));
        return outbox.list(orgs.org(request), s, Optional.ofNullable(receiver).filter(r -> !r.isBlank()), n).stream()
                .map(NotificationView::of)
                .toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One notification")
    public NotificationView get(@PathVariable long id, HttpServletRequest request) {
        return outbox.get(orgs.org(request), id)
                .map(NotificationView::of)
                .orElseThrow(() -> ShopWatchException.notFound("notification", id));
    }

    @PostMapping("/{id}/retry")
    @Operation(summary = "Send a failed or expired notification again (with a new deadline)")
    public NotificationView retry(@PathVariable long id, HttpServletRequest request) {
        String org = orgs.org(request);
        Instant now = clock.instant();
        if (!outbox.retry(org, id, now, now.plus(properties.deadline()))) {
            OutboxEntry e = outbox.get(org, id).orElseThrow(() -> ShopWatchException.notFound("notification", id));
            throw ShopWatchException.conflict("notification " + id + " is "
                    + e.status().name().toLowerCase(Locale.ROOT) + "; only failed or expired ones are sent again");
        }
        return get(id, request);
    }
}
