package io.shopwatch.alert.notify;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.secrets.SecretRedactor;
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
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's notification pipeline for one organisation's configuration: inhibition → active time → mute time →
 * silences, then per integration of the receiver: dedup against the notification log → send with retries → log.
 */
public final class NotificationPipeline {

    /** The least time a flush has to deliver, as Alertmanager's {@code MinTimeout}. */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(NotificationPipeline.class);

    private final String org;
    private final Map<String, List<IntegrationConfig>> receivers;
    private final Map<String, List<TimeInterval>> timeIntervals;
    private final Muter inhibitor;
    private final Muter silencer;
    private final NotificationLog nflog;
    private final NotifierRegistry notifiers;
    private final Clock clock;
    private final String externalUrl;
    private final Duration retention;
    private final DeliveryListener listener;

    public NotificationPipeline(
            String org,
            Map<String, List<IntegrationConfig>> receivers,
            Map<String, List<TimeInterval>> timeIntervals,
            Muter inhibitor,
            Muter silencer,
            NotificationLog nflog,
            NotifierRegistry notifiers,
            Clock clock,
            String externalUrl,
            Duration retention,
            DeliveryListener listener) {
        this.org = org;
        this.receivers = Map.copyOf(receivers);
        this.timeIntervals = Map.copyOf(timeIntervals);
        this.inhibitor = inhibitor;
        this.silencer = silencer;
        this.nflog = nflog;
        this.notifiers = notifiers;
        this.clock = clock;
        this.externalUrl = externalUrl;
        this.retention = retention;
        this.listener = listener;
    }

    /**
     * Runs the pipeline for a group's alerts (firing ones with a null end).
     *
     * @return whether every integration succeeded (or had nothing to do); resolved alerts may then be forgotten
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
        boolean ok = true;
        for (IntegrationConfig integration : integrations) {
            ok &= notify(ctx, integration, remaining, firing, resolved);
        }
        return ok;
    }

    private boolean notify(
            FlushContext ctx, IntegrationConfig integration, List<Alert> alerts, Set<Long> firing, Set<Long> resolved) {
        NflogKey key =
                new NflogKey(org, ctx.options().receiver(), integration.type(), integration.index(), ctx.groupKey());
        NflogEntry next =
                new NflogEntry(firing, resolved, ctx.tick(), ctx.tick().plus(retention));
        Duration repeat = ctx.options().repeatInterval();
        Optional<NotificationLog.Claim> claim = nflog.claim(
                key,
                last -> DedupDecision.decide(last, firing, resolved, integration.sendResolved(), repeat, ctx.tick()),
                next);
        if (claim.isEmpty()) {
            return true;
        }
        Instant now = clock.instant();
        List<Alert> toSend = integration.sendResolved()
                ? alerts
                : alerts.stream().filter(a -> !a.resolvedAt(now)).toList();
        if (toSend.isEmpty()) {
            claim.get().commit();
            return true;
        }
        Optional<Notifier> notifier = notifiers.find(integration.type());
        if (notifier.isEmpty()) {
            claim.get().rollback();
            listener.failed(key, "no notifier for integration type " + integration.type(), 0);
            return false;
        }
        Notification notification = Notification.of(
                org,
                ctx.options().receiver(),
                toSend,
                ctx.groupLabels(),
                externalUrl,
                ctx.groupKey(),
                claim.get().reason(),
                now);
        Object maxAlerts = integration.settings().get("max_alerts");
        if (maxAlerts instanceof Number n) {
            notification = notification.truncate(n.intValue());
        }
        Duration flushTime = ctx.options().groupInterval().compareTo(MIN_TIMEOUT) < 0
                ? MIN_TIMEOUT
                : ctx.options().groupInterval();
        Instant deadline = (ctx.tick().isAfter(now) ? ctx.tick() : now).plus(flushTime);
        return sendWithRetries(key, notifier.get(), integration, notification, deadline, claim.get());
    }

    private boolean sendWithRetries(
            NflogKey key,
            Notifier notifier,
            IntegrationConfig integration,
            Notification notification,
            Instant deadline,
            NotificationLog.Claim claim) {
        Duration attemptTimeout = attemptTimeout(integration);
        Instant started = clock.instant();
        long backoffMillis = 100;
        String lastError = "";
        int attempt = 0;
        while (true) {
            attempt++;
            Instant now = clock.instant();
            Duration left = Duration.between(now, deadline);
            Duration timeout = left.compareTo(attemptTimeout) < 0 ? left : attemptTimeout;
            if (timeout.isNegative() || timeout.isZero()) {
                break;
            }
            try {
                notifier.send(integration, notification, timeout);
                claim.commit();
                listener.delivered(
                        key,
                        notification.reason(),
                        notification.alerts().size(),
                        attempt,
                        Duration.between(started, clock.instant()));
                return true;
            } catch (DeliveryException e) {
                lastError = e.getMessage();
                if (!e.retryable()) {
                    break;
                }
                if (attempt == 1 || attempt % 10 == 0) {
                    log.warn("org {}: notify {} failed (attempt {}), will retry: {}", org, key, attempt, lastError);
                }
            } catch (RuntimeException e) {
                // a message built from the settings may quote a channel URL, which carries its token
                lastError = e.getClass().getName() + ": " + SecretRedactor.scrub(e.getMessage());
                break;
            }
            long sleep = Math.min(
                    backoffMillis, Duration.between(clock.instant(), deadline).toMillis());
            if (sleep <= 0) {
                break;
            }
            try {
                Thread.sleep(sleep / 2 + ThreadLocalRandom.current().nextLong(sleep / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoffMillis = Math.min(backoffMillis * 2, 5_000);
        }
        claim.rollback();
        log.warn("org {}: notify {} failed after {} attempt(s): {}", org, key, attempt, lastError);
        listener.failed(key, lastError, attempt);
        return false;
    }

    private static Duration attemptTimeout(IntegrationConfig integration) {
        Object t = integration.settings().get("timeout");
        if (t != null) {
            try {
                Duration d = io.shopwatch.alert.core.Durations.parse(t.toString());
                if (!d.isZero()) {
                    return d;
                }
            } catch (IllegalArgumentException ignored) {
                // validated when the configuration was stored
            }
        }
        return Duration.ofSeconds(30);
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
