package io.shopwatch.store.duckdb;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the streams' ingested sizes counted in memory ({@link DuckDbStreams#flushOriginalBytes()}) on a fixed
 * interval, on its own thread, and once more when closed (the store stopping), before the database closes.
 */
public final class IngestedBytesWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestedBytesWriter.class);

    private final DuckDbStreams streams;
    private final ScheduledExecutorService scheduler;

    public IngestedBytesWriter(DuckDbStreams streams, Duration interval) {
        this.streams = streams;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingested-bytes");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::write, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void write() {
        try {
            streams.flushOriginalBytes();
        } catch (RuntimeException e) {
            log.warn("the streams' ingested sizes were not written (kept for the next try): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write();
    }
}
