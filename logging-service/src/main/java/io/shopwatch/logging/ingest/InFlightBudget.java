package io.shopwatch.logging.ingest;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the request bytes held by all ingestion requests at once, so that many large batches arriving together
 * wait (briefly) instead of exhausting the heap. A request reserves its declared size before its body is read and
 * gives back what it did not need once the body is in memory.
 */
public final class InFlightBudget {

    private final int capacity;
    private final Semaphore bytes;

    public InFlightBudget(long capacityBytes) {
        this.capacity = (int) Math.min(Integer.MAX_VALUE, Math.max(1, capacityBytes));
        this.bytes = new Semaphore(capacity, true);
    }

    /**
     * Reserves {@code size} bytes (at most the whole budget), waiting up to {@code wait}.
     *
     * @return the reservation, or {@code null} when the budget stayed full
     */
    public Reservation reserve(long size, Duration wait) throws InterruptedException {
        int wanted = (int) Math.min(capacity, Math.max(1, size));
        if (!bytes.tryAcquire(wanted, wait.toNanos(), TimeUnit.NANOSECONDS)) {
            return null;
        }
        return new Reservation(wanted);
    }

    /** Bytes free right now. */
    public int available() {
        return bytes.availablePermits();
    }

    /** Bytes held by one request; closing gives them back. */
    public final class Reservation implements AutoCloseable {

        private int held;

        private Reservation(int held) {
            this.held = held;
        }

        /** Keeps only {@code size} bytes of the reservation (when it is smaller) and frees the rest. */
        public void shrinkTo(long size) {
            int keep = (int) Math.max(1, Math.min(held, size));
            bytes.release(held - keep);
            held = keep;
        }

        @Override
        public void close() {
            bytes.release(held);
            held = 0;
        }
    }
}
