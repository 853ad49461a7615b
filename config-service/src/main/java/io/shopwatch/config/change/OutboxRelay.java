package io.shopwatch.config.change;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox's messages, oldest first, one transaction per batch (rows locked with {@code SKIP LOCKED}, so two
 * replicas never send the same row). A failed send is counted ({@code shopwatch.config.notify.failures}), recorded on
 * its row and tried again after a backoff that doubles from {@code retryAfter} up to {@code maxRetryAfter}; the batch
 * stops there, so messages leave in the order they were written. Delivery is at least once.
 */
public final class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final int BATCH = 100;

    private final Outbox outbox;
    private final OutboxSender sender;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration retryAfter;
    private final Duration maxRetryAfter;
    private final Counter failures;
    private final Counter sent;

    public OutboxRelay(
            Outbox outbox,
            OutboxSender sender,
            TransactionTemplate transactions,
            Clock clock,
            Duration retryAfter,
            Duration maxRetryAfter,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.sender = sender;
        this.transactions = transactions;
        this.clock = clock;
        this.retryAfter = retryAfter;
        this.maxRetryAfter = maxRetryAfter;
        this.failures = meters.counter("shopwatch.config.notify.failures");
        this.sent = meters.counter("shopwatch.config.notify.sent");
    }

    /** Sends every message due now; returns how many were sent. Never throws. */
    public int relayDue() {
        try {
            Integer n = transactions.execute(status -> relayBatch());
            return n == null ? 0 : n;
        } catch (RuntimeException e) {
            log.warn("outbox not relayed: {}", e.toString());
            return 0;
        }
    }

    private int relayBatch() {
        Instant now = clock.instant();
        List<Outbox.Pending> due = outbox.due(now, BATCH);
        int done = 0;
        for (Outbox.Pending message : due) {
            try {
                sender.send(message.topic(), message.key(), message.value());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                int attempts = message.attempts() + 1;
                Instant next = now.plus(backoff(attempts));
                outbox.failed(message.id(), attempts, next, e.toString());
                failures.increment();
                log.warn(
                        "outbox message {} to {} not sent (attempt {}), next try at {}: {}",
                        message.id(),
                        message.topic(),
                        attempts,
                        next,
                        e.toString());
                break;
            }
            outbox.sent(message.id(), clock.instant());
            sent.increment();
            done++;
        }
        return done;
    }

    /** {@code retryAfter × 2^(attempts-1)}, at most {@code maxRetryAfter}. */
    Duration backoff(int attempts) {
        Duration d = retryAfter;
        for (int i = 1; i < attempts && d.compareTo(maxRetryAfter) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d;
    }
}
