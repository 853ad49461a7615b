package io.shopwatch.alert.api;

import io.shopwatch.alert.ack.GroupIds;
import io.shopwatch.alert.alertmanager.Alertmanagers;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.delivery.OutboxDelivery;
import io.shopwatch.alert.escalation.OnCallSchedule;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationProperties;
import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receivers of the configuration in force: their integrations, a test message through each with the provider's
 * answer, and who is on call in each schedule.
 */
@RestController
@RequestMapping("/api/v1/alerts")
@Tag(name = "Receivers")
public class ReceiversController {

    /** A receiver and its integrations ({@code dingtalk[0]}). */
    public record ReceiverView(String name, List<String> integrations) {}

    /** The outcome of a test message through one integration. */
    public record TestResult(
            String integration, boolean delivered, long notificationId, String error, String providerAnswer) {}

    /** Who is on call in a schedule. */
    public record OnCallView(
            String schedule, String timezone, String receiver, Instant at, String name, String email, String mobile) {}

    private final Alertmanagers alertmanagers;
    private final OutboxDelivery delivery;
    private final OrgResolver orgs;
    private final Clock clock;
    private final NotificationProperties properties;

    public ReceiversController(
            Alertmanagers alertmanagers,
            OutboxDelivery delivery,
            OrgResolver orgs,
            Clock clock,
            NotificationProperties properties) {
        this.alertmanagers = alertmanagers;
        this.delivery = delivery;
        this.orgs = orgs;
        this.clock = clock;
        this.properties = properties;
    }

    @GetMapping("/receivers")
    @Operation(summary = "The receivers of the configuration in force and their integrations (no settings, no secrets)")
    public List<ReceiverView> receivers(HttpServletRequest request) {
        List<ReceiverView> out = new ArrayList<>();
        alertmanagers
                .get(orgs.org(request))
                .config()
                .receivers()
                .forEach((name, integrations) -> out.add(new ReceiverView(
                        name,
                        integrations.stream().map(IntegrationConfig::toString).toList())));
        out.sort(java.util.Comparator.comparing(ReceiverView::name));
        return out;
    }

    @PostMapping("/receivers/{name}/test")
    @Operation(summary = "Send a test message through every integration of a receiver and report each answer")
    public List<TestResult> test(@PathVariable String name, HttpServletRequest request) {
        String org = orgs.org(request);
        List<IntegrationConfig> integrations =
                alertmanagers.get(org).config().receivers().get(name);
        if (integrations == null) {
            throw ShopWatchException.notFound("receiver", name);
        }
        if (integrations.isEmpty()) {
            throw ShopWatchException.invalid("receiver " + name + " has no integrations to test");
        }
        Instant now = clock.instant();
        Notification n = sample(org, name, now);
        String run = UUID.randomUUID().toString();
        List<TestResult> results = new ArrayList<>();
        for (IntegrationConfig i : integrations) {
            long id = delivery.outbox()
                    .enqueue(new OutboxEntry.Draft(
                            new OutboxEntry.Target(org, name, i.type(), i.index()),
                            n.groupKey(),
                            GroupIds.of(org, n.groupKey()),
                            "test|" + run + "|" + i,
                            OutboxEntry.Kind.TEST,
                            n,
                            now,
                            now.plus(Duration.ofMinutes(1))));
            OutboxDelivery.Outcome outcome = delivery.deliverOnce(id, Duration.ofSeconds(10));
            results.add(new TestResult(
                    i.toString(),
                    outcome.delivered(),
                    id,
                    outcome.delivered() ? null : outcome.error().getMessage(),
                    outcome.delivered()
                            ? null
                            : outcome.error().providerAnswer().orElse(null)));
        }
        return results;
    }

    @GetMapping("/oncall")
    @Operation(summary = "Who is on call in every schedule, now or at a given instant")
    public List<OnCallView> onCall(@RequestParam(required = false) Instant at, HttpServletRequest request) {
        Instant when = at == null ? clock.instant() : at;
        List<OnCallView> out = new ArrayList<>();
        for (OnCallSchedule s :
                alertmanagers.get(orgs.org(request)).config().schedules().values()) {
            var person = s.onCallAt(when);
            out.add(new OnCallView(
                    s.name(),
                    s.zone().getId(),
                    s.receiver(),
                    when,
                    person.map(OnCallSchedule.Person::name).orElse(null),
                    person.map(OnCallSchedule.Person::email).orElse(null),
                    person.map(OnCallSchedule.Person::mobile).orElse(null)));
        }
        out.sort(java.util.Comparator.comparing(OnCallView::schedule));
        return out;
    }

    /** The test message: one firing alert that says what it is. */
    static Notification sample(String org, String receiver, Instant now) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "Test notification from ShopWatch for receiver " + receiver);
        annotations.put("description", "If you can read this, the receiver " + receiver + " works.");
        Alert alert = new Alert(
                LabelSet.of("alertname", "ShopWatchTestNotification", "severity", "info", "receiver", receiver),
                annotations,
                now,
                null,
                "",
                now,
                false);
        return Notification.of(
                org,
                receiver,
                List.of(alert),
                LabelSet.of("alertname", "ShopWatchTestNotification"),
                "",
                "{}:{alertname=\"ShopWatchTestNotification\"}",
                NotificationReason.FIRST_NOTIFICATION,
                now);
    }
}
