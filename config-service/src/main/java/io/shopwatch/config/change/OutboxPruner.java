package io.shopwatch.config.change;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the outbox's sent messages once they are older than the retention (by the time they were sent), at most
 * once per interval, in batches; a message not sent yet is never deleted, however old. Counted in
 * {@code shopwatch.config.outbox.pruned}.
 */
public final class OutboxPruner {

    private static final Logger log = LoggerFactory.getLogger(OutboxPruner.class);
    static final int BATCH = 1000;

    private final Outbox outbox;
    private final Clock clock;
    private final Duration retention;
    private final Duration interval;
    private final Counter pruned;
    private Instant nextRun;

    public OutboxPruner(Outbox outbox, Clock clock, Duration retention, Duration interval, MeterRegistry meters) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the outbox retention must be positive: " + retention);
        }
        this.outbox = outbox;
        this.clock = clock;
        this.retention = retention;
        this.interval = interval;
        this.pruned = meters.counter("shopwatch.config.outbox.pruned");
        this.nextRun = clock.instant();
    }

    /**
     * Deletes the sent messages older than the retention when a run is due (else nothing); returns how many were
     * deleted. Never throws.
     */
    public synchronized int pruneDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextRun)) {
            return 0;
        }
        nextRun = now.plus(interval);
        Instant before = now.minus(retention);
        int total = 0;
        try {
            int n;
            do {
                n = outbox.pruneSent(before, BATCH);
                total += n;
            } while (n == BATCH);
        } catch (RuntimeException e) {
            log.warn("sent outbox messages not pruned: {}", e.toString());
        }
        if (total > 0) {
            pruned.increment(total);
            log.debug("{} sent outbox message(s) older than {} pruned", total, before);
        }
        return total;
    }
}
