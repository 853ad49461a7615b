package io.shopwatch.performance.invalidation;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.performance.cache.ResultCache;

/** Drops the cached answers a stored record makes stale; clears the cache when records may have been missed. */
public final class CacheInvalidator implements StoredRecordListener {

    private final ResultCache cache;

    public CacheInvalidator(ResultCache cache) {
        this.cache = cache;
    }

    @Override
    public void stored(Envelope envelope, int bytes) {
        cache.recordStored(envelope.org(), envelope.stream(), EnvelopeSerde.micros(envelope.timestamp()));
    }

    @Override
    public void missed() {
        cache.clear();
    }

    /**
     * A cache shared in Redis may hold answers that records stored while no instance read the feed made stale (all
     * instances were stopped, or this is the only one): it is cleared. An in-memory cache is empty or was cleared when
     * the feed was lost; clearing it again costs nothing.
     */
    @Override
    public void watching() {
        cache.clear();
    }
}
