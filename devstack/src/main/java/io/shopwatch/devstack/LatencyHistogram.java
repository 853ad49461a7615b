package io.shopwatch.devstack;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latencies in whole milliseconds, counted per millisecond up to ten minutes (later ones count as ten minutes):
 * exact percentiles in fixed memory however many records a run sees. Safe to add to from one thread while another
 * reads.
 */
final class LatencyHistogram {

    private static final int MAX_MS = 600_000;

    private final AtomicIntegerArray counts = new AtomicIntegerArray(MAX_MS + 1);
    private final AtomicLong total = new AtomicLong();

    void add(long nanos) {
        int ms = (int) Math.min(MAX_MS, Math.max(0, nanos / 1_000_000));
        counts.incrementAndGet(ms);
        total.incrementAndGet();
    }

    void addAll(LatencyHistogram other) {
        for (int ms = 0; ms <= MAX_MS; ms++) {
            int n = other.counts.get(ms);
            if (n > 0) {
                counts.addAndGet(ms, n);
                total.addAndGet(n);
            }
        }
    }

    long count() {
        return total.get();
    }

    /** The smallest latency, in ms, at or below which the given fraction of the records lie; -1 when empty. */
    long percentile(double fraction) {
        long n = total.get();
        if (n == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * n));
        long seen = 0;
        for (int ms = 0; ms <= MAX_MS; ms++) {
            seen += counts.get(ms);
            if (seen >= rank) {
                return ms;
            }
        }
        return MAX_MS;
    }

    long max() {
        for (int ms = MAX_MS; ms >= 0; ms--) {
            if (counts.get(ms) > 0) {
                return ms;
            }
        }
        return -1;
    }
}
