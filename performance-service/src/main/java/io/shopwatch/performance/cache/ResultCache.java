package io.shopwatch.performance.cache;

import io.shopwatch.performance.store.StoreAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cached answers by {@link QueryPlan#key()}, each indexed by the (org, stream) pairs it read, so that a stored record
 * drops exactly the answers whose time range it falls into. {@link CaffeineResultCache} keeps them in this process (the
 * default); {@code cache.redis.RedisResultCache} keeps them in a Redis that several frontends share.
 *
 * <p>A race guard: before asking the store, the frontend takes the {@linkplain #generation generations} of the streams
 * it reads; a record of one of them invalidated in the meantime bumps the generation, and {@link #put} then refuses the
 * answer, which may have been computed before the record was stored. Generations are kept by each process: every
 * frontend reads the invalidation feed itself.
 *
 * <p>No method throws because the cache is unreachable: a cache that cannot answer misses, and one that cannot store
 * refuses.
 */
public interface ResultCache {

    Optional<StoreAnswer> get(String key);

    /** {@link #get} of each key, in order; a shared cache asks for them in one round trip. */
    default List<Optional<StoreAnswer>> getAll(List<String> keys) {
        List<Optional<StoreAnswer>> answers = new ArrayList<>(keys.size());
        for (String key : keys) {
            answers.add(get(key));
        }
        return answers;
    }

    /** The current generation of each stream the plan reads, to hand back to {@link #put}. */
    long generation(QueryPlan plan);

    /**
     * Caches an answer unless a record of one of its streams was invalidated since {@code generationBefore} was taken.
     *
     * @return whether it was cached
     */
    boolean put(QueryPlan plan, StoreAnswer answer, long generationBefore);

    /**
     * A record of {@code stream} at {@code timestampMicros} was stored: drops every cached answer of that stream whose
     * time range contains it.
     *
     * @return how many answers were dropped
     */
    int recordStored(String org, String stream, long timestampMicros);

    /** The stream was deleted (or its data removed): drops every cached answer that read it. */
    int streamDeleted(String org, String stream);

    /** Drops everything (records may have been missed). */
    void clear();

    /** Bytes of the cached answers, or -1 when this process does not know (a shared cache). */
    long weightedBytes();

    /** Cached answers, or -1 when this process does not know (a shared cache). */
    long size();

    /** Answers dropped by this process because a stored record or a stream deletion made them stale. */
    long invalidatedCount();

    /** Where the answers are kept and whether that works, for the health endpoint. */
    default String describe() {
        return "memory";
    }
}
