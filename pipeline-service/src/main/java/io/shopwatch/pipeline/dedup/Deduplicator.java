package io.shopwatch.pipeline.dedup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Remembers the keys of records already stored, within a bounded window (a count and an age), so that a record
 * delivered twice (a client retry with the same id, a redelivery after a failed batch) is stored once. Keys are only
 * remembered after the store acknowledged them.
 */
public final class Deduplicator {

    private final Cache<String, Boolean> seen;

    public Deduplicator(long maxEntries, Duration window, Ticker ticker) {
        this.seen = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(window)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    public boolean seen(String key) {
        return seen.getIfPresent(key) != null;
    }

    public void remember(String key) {
        seen.put(key, Boolean.TRUE);
    }

    public long size() {
        seen.cleanUp();
        return seen.estimatedSize();
    }
}
