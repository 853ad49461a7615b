package io.shopwatch.alert.testing;

import io.shopwatch.alert.dispatch.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** A scheduler on a virtual clock: time moves only through {@link #advanceTo}, which runs the tasks due in order. */
public final class VirtualScheduler implements Scheduler {

    private final class Task implements Comparable<Task> {
        final Instant at;
        final long seq;
        final Runnable run;
        boolean cancelled;

        Task(Instant at, long seq, Runnable run) {
            this.at = at;
            this.seq = seq;
            this.run = run;
        }

        @Override
        public int compareTo(Task o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final MutableClock clock;
    private long seq;

    public VirtualScheduler(Instant start) {
        this.clock = new MutableClock(start);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(Instant at, Runnable task) {
        Task t = new Task(at.isBefore(clock.instant()) ? clock.instant() : at, seq++, task);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    /** Runs every task due up to {@code until}, moving the clock to each task's time, then to {@code until}. */
    public void advanceTo(Instant until) {
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at.isAfter(until)) {
                    break;
                }
                queue.poll();
            }
            if (next.cancelled) {
                continue;
            }
            if (next.at.isAfter(clock.instant())) {
                clock.set(next.at);
            }
            next.run.run();
        }
        if (until.isAfter(clock.instant())) {
            clock.set(until);
        }
    }

    public void advance(Duration d) {
        advanceTo(clock.instant().plus(d));
    }

    /** A clock that is set by hand. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        public void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
