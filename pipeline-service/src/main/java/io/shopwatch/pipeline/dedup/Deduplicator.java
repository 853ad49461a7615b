package io.shopwatch.pipeline.dedup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Remembers the keys of records already stored, within a bounded window (an age, and a size in bytes or in entries),
 * so that a record delivered twice (a client retry with the same id, a redelivery after a failed batch) is stored
 * once. Keys are only remembered after the store acknowledged them.
 *
 * <p>The byte bound weighs each entry at {@link #ENTRY_OVERHEAD} bytes (the cache node, the hash-table slot, the
 * {@code String} and its array headers on a 64-bit JVM with compressed pointers) plus two bytes per key character (the
 * worst case of a compact string), so the heap the window takes stays below the bound whatever the keys are. With
 * keys of about 60 characters an entry weighs about 300 bytes: 32 MiB hold about 110,000 keys.
 */
public final class Deduplicator {

    /** Bytes of heap an entry costs besides its key's characters. */
    public static final int ENTRY_OVERHEAD = 176;

    private final Cache<String, Boolean> seen;

    /** A window bounded in bytes of heap. */
    public static Deduplicator boundedInBytes(long maxBytes, Duration window, Ticker ticker) {
        return new Deduplicator(Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Boolean value) -> ENTRY_OVERHEAD + 2 * key.length())
                .expireAfterWrite(window)
                .ticker(ticker)
                .executor(Runnable::run)
                .build());
    }

    /** A window bounded in entries. */
    public Deduplicator(long maxEntries, Duration window, Ticker ticker) {
        this(Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(window)
                .ticker(ticker)
                .executor(Runnable::run)
                .<String, Boolean>build());
    }

    private Deduplicator(Cache<String, Boolean> seen) {
        this.seen = seen;
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
