package io.shopwatch.store.stream;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes data older than each stream's retention: {@code settings.data_retention} days, or the global
 * {@code ZO_COMPACT_DATA_RETENTION_DAYS} when the stream sets none. Like OpenObserve it works at day granularity: a run
 * keeps whole days, deleting everything before the start (UTC) of the oldest day kept.
 */
public final class RetentionJob implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final StreamPruner pruner;
    private final Clock clock;
    private final int globalDays;

    public RetentionJob(StreamPruner pruner, Clock clock, int globalDays) {
        this.pruner = pruner;
        this.clock = clock;
        this.globalDays = globalDays;
    }

    @Override
    public void run() {
        try {
            long deleted = prune();
            if (deleted > 0) {
                log.info("retention deleted {} rows", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("retention run failed: {}", e.getMessage());
        }
    }

    /** One retention pass over every stream; returns the rows deleted. */
    public long prune() {
        long deleted = 0;
        for (StreamMeta stream : pruner.all()) {
            int days = stream.settings().dataRetention() > 0 ? stream.settings().dataRetention() : globalDays;
            if (days <= 0) {
                continue;
            }
            deleted += pruner.deleteBefore(stream.key(), cutoffMicros(days));
        }
        return deleted;
    }

    /** The start (UTC) of the oldest day kept, in µs. */
    long cutoffMicros(int days) {
        Instant cutoff = clock.instant().minus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        return cutoff.getEpochSecond() * 1_000_000L;
    }
}
