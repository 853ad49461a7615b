package io.shopwatch.alert.delivery;

import io.shopwatch.alert.ack.GroupAcks;
import io.shopwatch.alert.ack.NotificationLinks;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.escalation.EscalationPolicy;
import io.shopwatch.alert.escalation.EscalationState;
import io.shopwatch.alert.escalation.Escalations;
import io.shopwatch.alert.escalation.OnCallSchedule;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import io.shopwatch.alert.notify.NotificationExtras.Ack;
import io.shopwatch.alert.outbox.Outbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due escalation steps (on the replica that dispatches): while the group still fires and nobody acknowledged it,
 * the step's receiver (or the person on call in the step's schedule, through the schedule's receiver) is told through
 * the outbox, then the escalation moves to its next step, to its next round, or ends. An acknowledgement postpones
 * the escalation until the acknowledgement expires; a resolved group ends it.
 */
public final class EscalationEngine {

    private static final Logger log = LoggerFactory.getLogger(EscalationEngine.class);

    private final Function<String, ? extends OrgGroups> alertmanagers;
    private final Escalations escalations;
    private final GroupAcks acks;
    private final Outbox outbox;
    private final NotificationLinks links;
    private final Clock clock;
    private final Duration deadline;

    public EscalationEngine(
            Function<String, ? extends OrgGroups> alertmanagers,
            Escalations escalations,
            GroupAcks acks,
            Outbox outbox,
            NotificationLinks links,
            Clock clock,
            Duration deadline) {
        this.alertmanagers = alertmanagers;
        this.escalations = escalations;
        this.acks = acks;
        this.outbox = outbox;
        this.links = links;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** Runs every due step; returns how many notifications were queued. */
    public int tick() {
        Instant now = clock.instant();
        int queued = 0;
        for (EscalationState s : escalations.due(now, 100)) {
            try {
                queued += step(s, now);
            } catch (RuntimeException e) {
                log.warn("escalation of group {} in org {} failed: {}", s.groupId(), s.org(), e.toString());
            }
        }
        return queued;
    }

    private int step(EscalationState s, Instant now) {
        OrgGroups am = alertmanagers.apply(s.org());
        DeliveryConfig config = am.deliveryConfig();
        EscalationPolicy policy = config.escalationPolicies().get(s.policy());
        if (policy == null || s.nextStep() >= policy.steps().size()) {
            escalations.delete(s);
            return 0;
        }
        Optional<Ack> ack = acks.get(s.org(), s.groupId(), now);
        if (ack.isPresent()) {
            escalations.update(
                    s.next(s.roundStart(), s.round(), s.nextStep(), ack.get().expiresAt()));
            return 0;
        }
        Optional<List<Alert>> group = am.groupAlerts(s.groupKey());
        if (group.isEmpty()) {
            if (am.isDispatching()) {
                escalations.stop(s.org(), s.groupId());
            }
            return 0;
        }
        List<Alert> firing =
                group.get().stream().filter(a -> !a.resolvedAt(now)).toList();
        if (firing.isEmpty()) {
            escalations.stop(s.org(), s.groupId());
            return 0;
        }
        EscalationPolicy.Step step = policy.steps().get(s.nextStep());
        String receiver = step.receiver();
        NotificationExtras.OnCall onCall = null;
        if (step.schedule() != null) {
            OnCallSchedule schedule = config.schedules().get(step.schedule());
            if (schedule == null) {
                log.warn(
                        "org {}: escalation policy {} names the missing schedule {}",
                        s.org(),
                        policy.name(),
                        step.schedule());
            } else {
                receiver = schedule.receiver();
                onCall = schedule.onCallAt(now)
                        .map(p -> new NotificationExtras.OnCall(
                                schedule.name(), p.name(), p.email(), p.mobile(), p.userId()))
                        .orElse(null);
            }
        }
        int queued = 0;
        List<IntegrationConfig> integrations =
                receiver == null ? null : config.receivers().get(receiver);
        if (integrations != null) {
            Notification n = notification(s, firing, receiver, policy, onCall, now);
            for (IntegrationConfig integration : integrations) {
                String decision = String.join(
                        "|",
                        "escalation",
                        s.org(),
                        s.groupId(),
                        s.receiver(),
                        Integer.toString(s.round()),
                        Integer.toString(s.nextStep()),
                        integration.type(),
                        Integer.toString(integration.index()));
                outbox.enqueue(new OutboxEntry.Draft(
                        new OutboxEntry.Target(s.org(), receiver, integration.type(), integration.index()),
                        s.groupKey(),
                        s.groupId(),
                        decision,
                        OutboxEntry.Kind.ESCALATION,
                        n,
                        now,
                        now.plus(deadline)));
                queued++;
            }
        }
        advance(s, policy, now);
        return queued;
    }

    private void advance(EscalationState s, EscalationPolicy policy, Instant now) {
        int next = s.nextStep() + 1;
        if (next < policy.steps().size()) {
            escalations.update(s.next(
                    s.roundStart(),
                    s.round(),
                    next,
                    s.roundStart().plus(policy.steps().get(next).after())));
        } else if (s.round() < policy.repeat()) {
            Instant roundStart = now.plus(policy.repeatAfter());
            escalations.update(s.next(
                    roundStart,
                    s.round() + 1,
                    0,
                    roundStart.plus(policy.steps().get(0).after())));
        } else {
            escalations.delete(s);
        }
    }

    private Notification notification(
            EscalationState s,
            List<Alert> firing,
            String receiver,
            EscalationPolicy policy,
            NotificationExtras.OnCall onCall,
            Instant now) {
        Notification snap = Notification.of(
                s.org(),
                receiver,
                firing,
                s.snapshot().groupLabels(),
                s.snapshot().externalURL(),
                s.groupKey(),
                s.snapshot().reason(),
                now);
        snap = snap.withExtras(s.snapshot().extras());
        NotificationExtras extras = snap.extras()
                .withEscalation(new NotificationExtras.Escalation(
                        policy.name(), s.nextStep() + 1, policy.steps().size()))
                .withOnCall(onCall);
        if (links != null) {
            extras = new NotificationExtras(
                    s.groupId(),
                    links.groupUrl(s.groupId()),
                    extras.logSearchUrl(),
                    links.ackUrl(s.org(), s.groupId(), now),
                    null,
                    onCall,
                    extras.escalation());
        }
        return snap.withExtras(extras);
    }
}
