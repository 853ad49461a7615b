package io.shopwatch.config.change;

import io.shopwatch.config.release.ReleaseEvent;
import io.shopwatch.config.release.ReleaseListener;
import io.shopwatch.config.release.ReleaseRecorder;
import java.time.Clock;
import java.time.Instant;

/**
 * Writes the change event and the audit entry of every change into the outbox inside the change's own transaction
 * (they exist exactly when the change does), and once it committed wakes the relay so they leave at once.
 */
public final class OutboxRecorder implements ReleaseRecorder, ReleaseListener {

    private final Outbox outbox;
    private final ChangeMessages messages;
    private final Clock clock;
    private final Runnable wakeRelay;

    OutboxRecorder(Outbox outbox, ChangeMessages messages, Clock clock, Runnable wakeRelay) {
        this.outbox = outbox;
        this.messages = messages;
        this.clock = clock;
        this.wakeRelay = wakeRelay;
    }

    @Override
    public void record(ReleaseEvent event) {
        Instant now = clock.instant();
        for (ChangeMessages.Message message : messages.of(event, now)) {
            outbox.add(message, now);
        }
    }

    @Override
    public void moved(ReleaseEvent event) {
        wakeRelay.run();
    }
}
