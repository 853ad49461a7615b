package io.shopwatch.store.duckdb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the streams' ingested sizes counted in memory ({@link DuckDbStreams#flushOriginalBytes()}): run on the store's
 * maintenance schedule, and once more when closed (the store stopping), before the database closes. A failed write
 * is logged and its count kept for the next run, so the schedule goes on.
 */
public final class IngestedBytesWriter implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestedBytesWriter.class);

    private final DuckDbStreams streams;

    public IngestedBytesWriter(DuckDbStreams streams) {
        this.streams = streams;
    }

    @Override
    public void run() {
        try {
            streams.flushOriginalBytes();
        } catch (RuntimeException e) {
            log.warn("the streams' ingested sizes were not written (kept for the next try): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        run();
    }
}
