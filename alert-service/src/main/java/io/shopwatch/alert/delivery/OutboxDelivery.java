package io.shopwatch.alert.delivery;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.notificationlog.NotificationLogKey;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.outbox.Outbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.alert.outbox.OutboxEntry.Status;
import io.shopwatch.alert.secrets.SecretRedactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outbox entries. The flush that decided a notification makes the first attempts at once (retrying quickly
 * until the flush's deadline, as Alertmanager does); what is still undelivered then stays pending and
 * {@link #deliverDue} retries it with exponential backoff and jitter (or after the provider's {@code Retry-After}) until
 * the entry's deadline. Every outcome is recorded with the provider's answer; a notification that fails for good or
 * expires is reported to the {@link FailureReporter} (the meta-alert).
 */
public final class OutboxDelivery {

    private static final Logger log = LoggerFactory.getLogger(OutboxDelivery.class);

    /** Finds an integration of the configuration in force (settings are read at send time, never stored twice). */
    public interface IntegrationLookup {
        Optional<IntegrationConfig> find(OutboxEntry.Target target);

        /**
         * Whether a group's notification still belongs to its receiver and group under the configuration in force
         * (some of its alerts are still routed there). Asked before every attempt of a {@code NOTIFICATION} entry: a
         * configuration change that routed the alerts elsewhere withdraws what the old routes decided, instead of
         * delivering it to whatever integration now carries the receiver's name.
         */
        default boolean stillRouted(OutboxEntry entry) {
            return true;
        }
    }

    /** Told when an entry failed for good or expired. */
    public interface FailureReporter {
        FailureReporter NONE = (entry, status, error, answer) -> {};

        /** {@code answer} is the provider's last answer, when there was one. */
        void failed(OutboxEntry entry, Status status, String error, String answer);
    }

    /**
     * Tuning.
     *
     * @param attemptTimeout the most one attempt may take (an integration's {@code timeout} is not longer)
     * @param firstBackoff the first pause of the outbox's retries; it doubles with every retry
     * @param maxBackoff the longest pause (before jitter)
     * @param lockLease how long a sender's lock on an entry holds (then another may take it)
     * @param batchSize entries taken per round
     * @param inlineAttempts the most attempts the deciding flush makes before handing over to the outbox
     * @param digestTypes integration types whose due entries for one integration go out as one message (the channels
     *     whose traits say so, chat robots with a per-robot rate limit: a backlog arrives as one digest instead of one
     *     message per token)
     */
    public record Settings(
            Duration attemptTimeout,
            Duration firstBackoff,
            Duration maxBackoff,
            Duration lockLease,
            int batchSize,
            int inlineAttempts,
            Set<String> digestTypes) {

        public Settings {
            digestTypes = Set.copyOf(digestTypes);
        }
    }

    private final Outbox outbox;
    private final NotifierRegistry notifiers;
    private final IntegrationLookup lookup;
    private final Clock clock;
    private final String holder;
    private final DeliveryListener listener;
    private final Settings settings;
    private volatile FailureReporter reporter = FailureReporter.NONE;

    public OutboxDelivery(
            Outbox outbox,
            NotifierRegistry notifiers,
            IntegrationLookup lookup,
            Clock clock,
            String holder,
            DeliveryListener listener,
            Settings settings) {
        this.outbox = outbox;
        this.notifiers = notifiers;
        this.lookup = lookup;
        this.clock = clock;
        this.holder = holder;
        this.listener = listener;
        this.settings = settings;
    }

    public void setFailureReporter(FailureReporter reporter) {
        this.reporter = reporter;
    }

    public Outbox outbox() {
        return outbox;
    }

    /**
     * Attempts an entry now and retries quickly (at most {@link Settings#inlineAttempts()} attempts, until
     * {@code until}); whatever is not delivered by then stays pending for {@link #deliverDue}.
     *
     * @return whether it was delivered
     */
    public boolean deliverNow(long id, Instant until) {
        Optional<OutboxEntry> acquired = outbox.acquire(id, holder, clock.instant(), settings.lockLease());
        if (acquired.isEmpty()) {
            return false;
        }
        OutboxEntry entry = acquired.get();
        if (withdrawIfMoved(entry)) {
            return false;
        }
        Instant started = clock.instant();
        long backoffMillis = 100;
        int attempts = entry.attempts();
        while (true) {
            attempts++;
            Instant now = clock.instant();
            Outcome outcome = attempt(entry, timeoutUntil(until, now));
            if (outcome.delivered()) {
                recordDelivered(entry, attempts, started, "delivered");
                return true;
            }
            DeliveryException e = outcome.error();
            if (!e.retryable() || !clock.instant().isBefore(entry.deadline())) {
                fail(entry, attempts, e);
                return false;
            }
            long left = Duration.between(clock.instant(), until).toMillis();
            long wait = e.retryAfter().map(Duration::toMillis).orElse(backoffMillis);
            if (left <= 0 || wait >= left || attempts - entry.attempts() >= settings.inlineAttempts()) {
                scheduleRetry(entry, attempts, e);
                return false;
            }
            log.debug("notify {} failed (attempt {}), will retry: {}", entry.target(), attempts, e.getMessage());
            try {
                Thread.sleep(wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                scheduleRetry(entry, attempts, e);
                return false;
            }
            backoffMillis = Math.min(backoffMillis * 2, 5_000);
        }
    }

    /**
     * One attempt of an entry and its record, without retries (test messages): delivered, or failed whatever the
     * error.
     */
    public Outcome deliverOnce(long id, Duration timeout) {
        Optional<OutboxEntry> acquired = outbox.acquire(id, holder, clock.instant(), settings.lockLease());
        if (acquired.isEmpty()) {
            return Outcome.failed(new DeliveryException("notification " + id + " is not pending", false, 0));
        }
        OutboxEntry entry = acquired.get();
        Instant started = clock.instant();
        Outcome outcome = attempt(entry, timeout);
        if (outcome.delivered()) {
            recordDelivered(entry, entry.attempts() + 1, started, "delivered");
        } else {
            DeliveryException e = outcome.error();
            outbox.finish(
                    entry.id(),
                    Status.FAILED,
                    entry.attempts() + 1,
                    e.getMessage(),
                    e.providerAnswer().orElse(null),
                    clock.instant());
        }
        return outcome;
    }

    /** One pass of the background sender: lapsed locks released, due entries attempted once each, in this thread. */
    public int deliverDue() {
        List<OutboxEntry> due = acquireDue();
        NotificationWorker.batches(this, due).forEach(this::deliverBatch);
        return due.size();
    }

    /** One sending unit of {@link NotificationWorker#batches}: one entry, or a digest of several. */
    public void deliverBatch(List<OutboxEntry> batch) {
        if (batch.size() == 1) {
            deliverAcquired(batch.get(0));
        } else {
            deliverDigest(batch);
        }
    }

    /** Releases lapsed locks and takes the locks of due entries, for {@link #deliverAcquired}. */
    public List<OutboxEntry> acquireDue() {
        Instant now = clock.instant();
        outbox.releaseLapsedLocks(now);
        return outbox.acquireDue(holder, now, settings.lockLease(), settings.batchSize());
    }

    /** One attempt of an entry whose lock this process holds, and its record. */
    public void deliverAcquired(OutboxEntry entry) {
        if (withdrawIfMoved(entry)) {
            return;
        }
        int attempts = entry.attempts() + 1;
        Instant started = clock.instant();
        if (!started.isBefore(entry.deadline())) {
            expire(entry, attempts - 1, entry.lastError(), entry.providerAnswer());
            return;
        }
        record(entry, attempts, started, attempt(entry, settings.attemptTimeout()), "delivered");
    }

    /** Whether several due entries of this integration type are sent as one digest. */
    public boolean digests(String integrationType) {
        return settings.digestTypes().contains(integrationType);
    }

    /**
     * Due entries of one integration (whose locks this process holds) sent as one message: their alerts in one
     * notification, one attempt, and each entry recorded with the outcome. A single live entry is sent as it is.
     */
    public void deliverDigest(List<OutboxEntry> entries) {
        Instant started = clock.instant();
        List<OutboxEntry> live = new ArrayList<>();
        for (OutboxEntry e : entries) {
            if (withdrawIfMoved(e)) {
                continue;
            }
            if (started.isBefore(e.deadline())) {
                live.add(e);
            } else {
                expire(e, e.attempts(), e.lastError(), e.providerAnswer());
            }
        }
        if (live.size() <= 1) {
            live.forEach(this::deliverAcquired);
            return;
        }
        OutboxEntry first = live.get(0);
        OutboxEntry carrier = new OutboxEntry(
                first.id(),
                first.target(),
                first.groupKey(),
                first.groupId(),
                first.decisionKey(),
                first.kind(),
                first.status(),
                digest(live, started),
                first.attempts(),
                first.createdAt(),
                first.nextAttemptAt(),
                first.deadline(),
                first.lastError(),
                first.providerAnswer(),
                first.finishedAt());
        Outcome outcome = attempt(carrier, settings.attemptTimeout());
        for (OutboxEntry e : live) {
            record(e, e.attempts() + 1, started, outcome, "delivered in a digest of " + live.size());
        }
    }

    /** One notification holding the alerts of several (each alert once, the latest version first seen). */
    static Notification digest(List<OutboxEntry> entries, Instant now) {
        Map<Long, Alert> alerts = new LinkedHashMap<>();
        for (OutboxEntry e : entries) {
            for (Alert a : e.notification().alerts()) {
                alerts.putIfAbsent(a.fingerprint(), a);
            }
        }
        Notification first = entries.get(0).notification();
        List<String> keys =
                entries.stream().map(OutboxEntry::groupKey).distinct().toList();
        Notification n = Notification.of(
                first.org(),
                first.receiver(),
                new ArrayList<>(alerts.values()),
                keys.size() == 1 ? first.groupLabels() : LabelSet.of(Map.of()),
                first.externalURL(),
                keys.size() == 1 ? keys.get(0) : "digest:" + String.join(",", keys),
                first.reason(),
                now);
        if (keys.size() == 1) {
            return n.withExtras(first.extras());
        }
        // one message for several groups: no group's links, but the person on call and the escalation step when
        // every entry names the same
        NotificationExtras.OnCall onCall = first.extras().onCall();
        NotificationExtras.Escalation escalation = first.extras().escalation();
        for (OutboxEntry e : entries) {
            if (!java.util.Objects.equals(onCall, e.notification().extras().onCall())) {
                onCall = null;
            }
            if (!java.util.Objects.equals(escalation, e.notification().extras().escalation())) {
                escalation = null;
            }
        }
        return n.withExtras(NotificationExtras.NONE.withOnCall(onCall).withEscalation(escalation));
    }

    /** One attempt of an entry, without recording anything. */
    public Outcome attempt(OutboxEntry entry, Duration timeout) {
        Optional<IntegrationConfig> integration = lookup.find(entry.target());
        if (integration.isEmpty()) {
            return Outcome.failed(
                    new DeliveryException("integration " + entry.target() + " is no longer configured", false, 0));
        }
        Optional<Notifier> notifier = notifiers.find(entry.target().integration());
        if (notifier.isEmpty()) {
            return Outcome.failed(new DeliveryException(
                    "no notifier for integration type " + entry.target().integration(), false, 0));
        }
        Duration limit = integrationTimeout(integration.get());
        if (limit != null && limit.compareTo(timeout) < 0) {
            timeout = limit;
        }
        try {
            notifier.get().send(integration.get(), entry.notification(), timeout);
            return Outcome.DELIVERED;
        } catch (DeliveryException e) {
            return Outcome.failed(e);
        } catch (RuntimeException e) {
            // a message built from the settings may quote a channel URL, which carries its token
            return Outcome.failed(new DeliveryException(
                    e.getClass().getName() + ": " + SecretRedactor.scrub(e.getMessage()), false, e));
        }
    }

    /** The integration's {@code timeout}: the most one attempt may take; null when unset. */
    private static Duration integrationTimeout(IntegrationConfig integration) {
        Object t = integration.settings().get("timeout");
        if (t == null) {
            return null;
        }
        try {
            Duration d = io.shopwatch.alert.core.Durations.parse(t.toString());
            return d.isZero() ? null : d;
        } catch (IllegalArgumentException e) {
            return null; // validated when the configuration was stored
        }
    }

    /** The result of one attempt. */
    public record Outcome(boolean delivered, DeliveryException error) {
        static final Outcome DELIVERED = new Outcome(true, null);

        static Outcome failed(DeliveryException e) {
            return new Outcome(false, e);
        }
    }

    private Duration timeoutUntil(Instant until, Instant now) {
        Duration left = Duration.between(now, until);
        if (left.compareTo(Duration.ofSeconds(1)) < 0) {
            left = Duration.ofSeconds(1);
        }
        return left.compareTo(settings.attemptTimeout()) < 0 ? left : settings.attemptTimeout();
    }

    /** Records the outcome of a background attempt: delivered, failed for good, or retried later. */
    private void record(OutboxEntry entry, int attempts, Instant started, Outcome outcome, String deliveredAnswer) {
        if (outcome.delivered()) {
            recordDelivered(entry, attempts, started, deliveredAnswer);
        } else if (!outcome.error().retryable()) {
            fail(entry, attempts, outcome.error());
        } else {
            scheduleRetry(entry, attempts, outcome.error());
        }
    }

    private void recordDelivered(OutboxEntry entry, int attempts, Instant started, String answer) {
        Instant now = clock.instant();
        outbox.delivered(entry.id(), attempts, answer, now);
        listener.delivered(
                nflogKey(entry),
                entry.notification().reason(),
                entry.notification().alerts().size(),
                attempts,
                Duration.between(started, now));
    }

    private void scheduleRetry(OutboxEntry entry, int attempts, DeliveryException e) {
        Instant now = clock.instant();
        if (attempts == 1 || attempts % 10 == 0) {
            log.warn("notify {} failed (attempt {}), will retry: {}", entry.target(), attempts, e.getMessage());
        }
        long base = Math.min(
                settings.maxBackoff().toMillis(),
                settings.firstBackoff().toMillis() << Math.min(20, Math.max(0, attempts - settings.inlineAttempts())));
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        Duration wait = Duration.ofMillis(jittered);
        if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(wait) > 0) {
            wait = e.retryAfter().get();
        }
        Instant next = now.plus(wait);
        if (next.isAfter(entry.deadline())) {
            next = entry.deadline();
        }
        outbox.retryLater(
                entry.id(), attempts, next, e.getMessage(), e.providerAnswer().orElse(null));
    }

    private void fail(OutboxEntry entry, int attempts, DeliveryException e) {
        if (e.retryable()) {
            expire(entry, attempts, e.getMessage(), e.providerAnswer().orElse(entry.providerAnswer()));
            return;
        }
        outbox.finish(
                entry.id(),
                Status.FAILED,
                attempts,
                e.getMessage(),
                e.providerAnswer().orElse(null),
                clock.instant());
        log.warn("notify {} failed for good after {} attempt(s): {}", entry.target(), attempts, e.getMessage());
        listener.failed(nflogKey(entry), e.getMessage(), attempts);
        reporter.failed(entry, Status.FAILED, e.getMessage(), e.providerAnswer().orElse(null));
    }

    /**
     * Withdraws a group's notification whose alerts the configuration in force routes elsewhere (no attempt, no
     * meta-alert); true when it did.
     */
    private boolean withdrawIfMoved(OutboxEntry entry) {
        if (entry.kind() != OutboxEntry.Kind.NOTIFICATION || lookup.stillRouted(entry)) {
            return false;
        }
        outbox.finish(
                entry.id(),
                Status.WITHDRAWN,
                entry.attempts(),
                "withdrawn: the configuration in force routes its alerts away from this receiver and group",
                entry.providerAnswer(),
                clock.instant());
        log.info("notify {} withdrawn: its alerts are routed elsewhere now", entry.target());
        listener.withdrawn(nflogKey(entry));
        return true;
    }

    private void expire(OutboxEntry entry, int attempts, String error, String answer) {
        outbox.finish(entry.id(), Status.EXPIRED, attempts, error, answer, clock.instant());
        log.warn("notify {} expired after {} attempt(s): {}", entry.target(), attempts, error);
        listener.failed(nflogKey(entry), error == null ? "expired" : error, attempts);
        reporter.failed(entry, Status.EXPIRED, error, answer);
    }

    private static NotificationLogKey nflogKey(OutboxEntry e) {
        OutboxEntry.Target t = e.target();
        return new NotificationLogKey(t.org(), t.receiver(), t.integration(), t.index(), e.groupKey());
    }
}
