package io.shopwatch.alert.delivery;

import io.shopwatch.alert.ack.GroupIds;
import io.shopwatch.alert.ack.NotificationLinks;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.escalation.EscalationPolicy;
import io.shopwatch.alert.escalation.EscalationState;
import io.shopwatch.alert.notificationlog.NotificationLog;
import io.shopwatch.alert.notificationlog.NotificationLogEntry;
import io.shopwatch.alert.notificationlog.NotificationLogKey;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import io.shopwatch.alert.notify.NotificationExtras.Ack;
import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.alert.timeinterval.TimeInterval;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's notification pipeline for one organisation's configuration: inhibition → active time → mute time →
 * silences, then per integration of the receiver: dedup against the notification log (repeats are skipped while the
 * group is acknowledged) → the decision and the notification stored together in the durable outbox → first attempts
 * within the flush, the outbox retrying afterwards. A firing group on a route with an escalation policy starts (or
 * refreshes) its escalation; a group whose alerts all resolved ends its escalation and acknowledgement.
 */
public final class NotificationPipeline {

    /** The least time a flush has to deliver, as Alertmanager's {@code MinTimeout}. */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(NotificationPipeline.class);

    private final String org;
    private final Map<String, List<IntegrationConfig>> receivers;
    private final Map<String, List<TimeInterval>> timeIntervals;
    private final MuteCheck inhibitor;
    private final MuteCheck silencer;
    private final Map<String, EscalationPolicy> escalationPolicies;
    private final NotificationLog nflog;
    private final DeliveryHandoff services;
    private final Clock clock;
    private final String externalUrl;
    private final Duration retention;

    public NotificationPipeline(
            String org,
            Map<String, List<IntegrationConfig>> receivers,
            Map<String, List<TimeInterval>> timeIntervals,
            MuteCheck inhibitor,
            MuteCheck silencer,
            Map<String, EscalationPolicy> escalationPolicies,
            NotificationLog nflog,
            DeliveryHandoff services,
            Clock clock,
            String externalUrl,
            Duration retention) {
        this.org = org;
        this.receivers = Map.copyOf(receivers);
        this.timeIntervals = Map.copyOf(timeIntervals);
        this.inhibitor = inhibitor;
        this.silencer = silencer;
        this.escalationPolicies = Map.copyOf(escalationPolicies);
        this.nflog = nflog;
        this.services = services;
        this.clock = clock;
        this.externalUrl = externalUrl;
        this.retention = retention;
    }

    /**
     * Runs the pipeline for a group's alerts (firing ones with a null end).
     *
     * @return whether every decision was stored (or nothing was to be sent); resolved alerts may then be forgotten
     */
    public boolean execute(FlushContext ctx, List<Alert> alerts) {
        List<Alert> remaining = new ArrayList<>(alerts.size());
        for (Alert a : alerts) {
            if (!inhibitor.mutes(a.labels())) {
                remaining.add(a);
            }
        }
        if (remaining.isEmpty()) {
            return true;
        }
        List<String> active = ctx.options().activeTimeIntervals();
        if (!active.isEmpty() && !inIntervals(active, ctx.tick())) {
            return true;
        }
        if (inIntervals(ctx.options().muteTimeIntervals(), ctx.tick())) {
            return true;
        }
        remaining.removeIf(a -> silencer.mutes(a.labels()));
        if (remaining.isEmpty()) {
            return true;
        }
        List<IntegrationConfig> integrations = receivers.get(ctx.options().receiver());
        if (integrations == null) {
            log.warn("org {}: receiver {} is not configured", org, ctx.options().receiver());
            return false;
        }
        Instant now = clock.instant();
        Set<Long> firing = new HashSet<>();
        Set<Long> resolved = new HashSet<>();
        for (Alert a : remaining) {
            (a.resolvedAt(now) ? resolved : firing).add(a.fingerprint());
        }
        String groupId = GroupIds.of(org, ctx.groupKey());
        Optional<Ack> ack = services.acks().get(org, groupId, now);
        Notification snapshot = null;
        for (IntegrationConfig integration : integrations) {
            Notification sent = notify(ctx, integration, remaining, firing, resolved, groupId, ack);
            if (snapshot == null) {
                snapshot = sent;
            }
        }
        if (snapshot == null && integrations.isEmpty() && !firing.isEmpty()) {
            // a route whose receiver tells nobody may still escalate: the policy's steps are the only targets
            snapshot = Notification.of(
                    org,
                    ctx.options().receiver(),
                    remaining,
                    ctx.groupLabels(),
                    externalUrl,
                    ctx.groupKey(),
                    NotificationReason.FIRST_NOTIFICATION,
                    now);
        }
        escalate(ctx, groupId, !firing.isEmpty(), snapshot);
        return true;
    }

    private Notification notify(
            FlushContext ctx,
            IntegrationConfig integration,
            List<Alert> alerts,
            Set<Long> firing,
            Set<Long> resolved,
            String groupId,
            Optional<Ack> ack) {
        NotificationLogKey key = new NotificationLogKey(
                org, ctx.options().receiver(), integration.type(), integration.index(), ctx.groupKey());
        NotificationLogEntry next = new NotificationLogEntry(
                firing, resolved, ctx.tick(), ctx.tick().plus(retention));
        Duration repeat = ctx.options().repeatInterval();
        OutboxEntry.Target target =
                new OutboxEntry.Target(org, ctx.options().receiver(), integration.type(), integration.index());
        Notification[] built = new Notification[1];
        Instant now = clock.instant();
        // built before the claim: the link's signing key may have to be read from the database, and the claim's
        // transaction holds a connection already
        String ackUrl = services.links() == null ? null : services.links().ackUrl(org, groupId, now);
        Optional<NotificationLog.Enqueued> enqueued = nflog.claimAndEnqueue(
                key,
                last -> DedupDecision.decide(last, firing, resolved, integration.sendResolved(), repeat, ctx.tick())
                        .filter(reason -> ack.isEmpty() || reason != NotificationReason.REPEAT_INTERVAL_ELAPSED),
                next,
                reason -> {
                    List<Alert> toSend = integration.sendResolved()
                            ? alerts
                            : alerts.stream().filter(a -> !a.resolvedAt(now)).toList();
                    if (toSend.isEmpty()) {
                        return null;
                    }
                    Notification n = Notification.of(
                            org,
                            ctx.options().receiver(),
                            toSend,
                            ctx.groupLabels(),
                            externalUrl,
                            ctx.groupKey(),
                            reason,
                            now);
                    if (integration.settings().get("max_alerts") instanceof Number max) {
                        n = n.truncate(max.intValue());
                    }
                    n = n.withExtras(extras(n, groupId, ack, ackUrl, now));
                    built[0] = n;
                    String decision = GroupIds.sha256Hex(
                            key + "|" + new TreeSet<>(firing) + "|" + new TreeSet<>(resolved) + "|" + ctx.tick());
                    return new OutboxEntry.Draft(
                            target,
                            ctx.groupKey(),
                            groupId,
                            decision,
                            OutboxEntry.Kind.NOTIFICATION,
                            n,
                            now,
                            now.plus(services.deadline()));
                },
                services.delivery().outbox());
        if (enqueued.isEmpty() || enqueued.get().outboxId() == 0) {
            return null;
        }
        long id = enqueued.get().outboxId();
        services.delivery().outbox().supersede(target, ctx.groupKey(), id);
        Duration flushTime = ctx.options().groupInterval().compareTo(MIN_TIMEOUT) < 0
                ? MIN_TIMEOUT
                : ctx.options().groupInterval();
        Instant deadline = (ctx.tick().isAfter(now) ? ctx.tick() : now).plus(flushTime);
        services.delivery().deliverNow(id, deadline);
        return built[0];
    }

    private NotificationExtras extras(Notification n, String groupId, Optional<Ack> ack, String ackUrl, Instant now) {
        NotificationLinks links = services.links();
        if (links == null) {
            return new NotificationExtras(groupId, null, null, null, ack.orElse(null), null, null);
        }
        return new NotificationExtras(
                groupId,
                links.groupUrl(groupId),
                links.logSearchUrl(n, now),
                n.firing() ? ackUrl : null,
                ack.orElse(null),
                null,
                null);
    }

    private void escalate(FlushContext ctx, String groupId, boolean anyFiring, Notification snapshot) {
        if (!anyFiring) {
            services.acks().clear(org, groupId);
            services.escalations().stop(org, groupId);
            return;
        }
        String policyName = ctx.options().escalationPolicy();
        EscalationPolicy policy = policyName == null ? null : escalationPolicies.get(policyName);
        if (policy == null || snapshot == null || !snapshot.firing()) {
            return;
        }
        Instant start = ctx.tick();
        services.escalations()
                .start(new EscalationState(
                        org,
                        groupId,
                        ctx.groupKey(),
                        ctx.options().receiver(),
                        policy.name(),
                        start,
                        0,
                        0,
                        start.plus(policy.steps().get(0).after()),
                        snapshot));
        services.escalations().refresh(org, groupId, ctx.options().receiver(), snapshot);
    }

    private boolean inIntervals(List<String> names, Instant at) {
        for (String name : names) {
            List<TimeInterval> intervals = timeIntervals.get(name);
            if (intervals != null && TimeInterval.anyContains(intervals, at)) {
                return true;
            }
        }
        return false;
    }
}
