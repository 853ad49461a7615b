package io.shopwatch.metrics.derived;

import java.time.Instant;

/**
 * What the derived-metrics consumer last did, for its health: a small state machine fed by the consumer's thread and
 * read by the health indicator.
 *
 * <pre>
 *   STARTING --poll ok--> RUNNING --poll failed--> FAILING --poll ok--> RUNNING
 *   STARTING --poll failed--> FAILING            any --stopped--> STOPPED
 * </pre>
 *
 * Every poll that went through records the consumer's lag (records of the assigned partitions not yet counted) and,
 * when it counted events, the time of that commit; a failure records its time, its error and the failures in a row.
 */
public final class DerivedMetricsStatus {

    /** The consumer's state. */
    public enum State {
        STARTING,
        RUNNING,
        FAILING,
        STOPPED
    }

    /**
     * One reading.
     *
     * @param lag records not yet counted on the assigned partitions, -1 while unknown
     * @param lastPoll the last poll that went through, null before the first
     * @param lastCommit the last time counted events were saved and committed, null before the first
     * @param lastFailure the last failed poll, null when none
     * @param lastError the last failure's error (its class and message), null when none
     * @param failuresInARow failed polls since the last one that went through
     */
    public record Snapshot(
            State state,
            long lag,
            Instant lastPoll,
            Instant lastCommit,
            Instant lastFailure,
            String lastError,
            int failuresInARow) {}

    private volatile Snapshot snapshot = new Snapshot(State.STARTING, -1, null, null, null, null, 0);

    public Snapshot snapshot() {
        return snapshot;
    }

    /** A poll went through; {@code counted} events were committed by it. */
    public synchronized void polled(int counted, long lag, Instant now) {
        Snapshot s = snapshot;
        snapshot = new Snapshot(
                State.RUNNING, lag, now, counted > 0 ? now : s.lastCommit(), s.lastFailure(), s.lastError(), 0);
    }

    /** A poll failed; the batch will be read again. */
    public synchronized void failed(Throwable error, Instant now) {
        Snapshot s = snapshot;
        if (s.state() == State.STOPPED) {
            return;
        }
        String message =
                error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        snapshot = new Snapshot(
                State.FAILING, s.lag(), s.lastPoll(), s.lastCommit(), now, message, s.failuresInARow() + 1);
    }

    public synchronized void stopped() {
        Snapshot s = snapshot;
        snapshot = new Snapshot(
                State.STOPPED,
                s.lag(),
                s.lastPoll(),
                s.lastCommit(),
                s.lastFailure(),
                s.lastError(),
                s.failuresInARow());
    }
}
