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
}
