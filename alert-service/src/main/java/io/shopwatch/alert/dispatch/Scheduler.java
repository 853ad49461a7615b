package io.shopwatch.alert.dispatch;

import java.time.Clock;
import java.time.Instant;

/** Runs tasks at instants of a clock; tests use a virtual one, the service a thread pool. */
public interface Scheduler {

    Clock clock();

    /** Runs {@code task} at {@code at} (at once if that has passed). */
    Cancellable schedule(Instant at, Runnable task);

    /** A scheduled task that can be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
