package io.shopwatch.performance.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.shopwatch.performance.store.StoreAnswer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory results cache (the default): cached answers by {@link QueryPlan#key()}, bounded by the bytes of their
 * bodies. Every answer is indexed by the
 * (org, stream) pairs it read, so that a stored record can drop exactly the answers whose time range it falls into.
 *
 * <p>A race guard: before asking the store, the frontend takes the {@linkplain #generation generations} of the streams
 * it reads; a record of one of them invalidated in the meantime bumps the generation, and {@link #put} then refuses the
 * answer, which may have been computed before the record was stored.
 */
public final class CaffeineResultCache implements ResultCache {

    /** A cached answer and what it covers. */
    public record Entry(QueryPlan plan, StoreAnswer answer) {
        long weight() {
            return (long) answer.body().length + plan.key().length() * 2L + 64;
        }
    }

    private final Cache<String, Entry> entries;
    private final Map<String, Set<String>> keysByStream = new ConcurrentHashMap<>();
    private final StreamGenerations generations = new StreamGenerations();
    /** Per stream, the latest end of any range ever cached for it: a record at or after it drops nothing. */
    private final Map<String, AtomicLong> latestEnds = new ConcurrentHashMap<>();

    private final AtomicLong invalidated = new AtomicLong();

    public CaffeineResultCache(long maxBytes, Duration ttl, Ticker ticker) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Entry entry) -> (int) Math.min(Integer.MAX_VALUE, entry.weight()))
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .executor(Runnable::run)
                .removalListener((String key, Entry entry, RemovalCause cause) -> {
                    if (entry != null) {
                        unindex(key, entry.plan());
                    }
                })
                .build();
    }

    @Override
    public Optional<StoreAnswer> get(String key) {
        Entry entry = entries.getIfPresent(key);
        return entry == null ? Optional.empty() : Optional.of(entry.answer());
    }

    /** The current generation of each stream the plan reads, to hand back to {@link #put}. */
    @Override
    public long generation(QueryPlan plan) {
        return generations.of(plan);
    }

    /**
     * Caches an answer unless a record of one of its streams was invalidated since {@code generationBefore} was taken.
     *
     * @return whether it was cached
     */
    @Override
    public boolean put(QueryPlan plan, StoreAnswer answer, long generationBefore) {
        for (String stream : plan.streams()) {
            String streamKey = streamKey(plan.org(), stream);
            keysByStream
                    .computeIfAbsent(streamKey, k -> ConcurrentHashMap.newKeySet())
                    .add(plan.key());
            latestEnds
                    .computeIfAbsent(streamKey, k -> new AtomicLong(Long.MIN_VALUE))
                    .accumulateAndGet(plan.endMicros(), Math::max);
        }
        entries.put(plan.key(), new Entry(plan, answer));
        if (generation(plan) != generationBefore) {
            entries.invalidate(plan.key());
            return false;
        }
        return true;
    }

    /**
     * A record of {@code stream} at {@code timestampMicros} was stored: drops every cached answer of that stream whose
     * time range contains it.
     *
     * @return how many answers were dropped
     */
    @Override
    public int recordStored(String org, String stream, long timestampMicros) {
        String streamKey = streamKey(org, stream);
        generations.bump(org, stream);
        // most records are recent, later than every cached range (which all end before the freshness window): no scan
        AtomicLong latestEnd = latestEnds.get(streamKey);
        if (latestEnd == null || timestampMicros >= latestEnd.get()) {
            return 0;
        }
        Set<String> keys = keysByStream.get(streamKey);
        if (keys == null) {
            return 0;
        }
        int dropped = 0;
        for (String key : keys) {
            Entry entry = entries.getIfPresent(key);
            if (entry == null) {
                keys.remove(key);
            } else if (timestampMicros >= entry.plan().startMicros()
                    && timestampMicros < entry.plan().endMicros()) {
                entries.invalidate(key);
                dropped++;
            }
        }
        invalidated.addAndGet(dropped);
        return dropped;
    }

    /** The stream was deleted (or its data removed): drops every cached answer that read it. */
    @Override
    public int streamDeleted(String org, String stream) {
        String streamKey = streamKey(org, stream);
        generations.bump(org, stream);
        Set<String> keys = keysByStream.remove(streamKey);
        if (keys == null) {
            return 0;
        }
        int dropped = 0;
        for (String key : keys) {
            if (entries.asMap().remove(key) != null) {
                dropped++;
            }
        }
        invalidated.addAndGet(dropped);
        return dropped;
    }

    /** Drops everything (the invalidation feed was lost). */
    @Override
    public void clear() {
        generations.bumpAll();
        entries.invalidateAll();
    }

    @Override
    public long weightedBytes() {
        return entries.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    @Override
    public long size() {
        return entries.estimatedSize();
    }

    @Override
    public long invalidatedCount() {
        return invalidated.get();
    }

    private void unindex(String key, QueryPlan plan) {
        for (String stream : plan.streams()) {
            Set<String> keys = keysByStream.get(streamKey(plan.org(), stream));
            if (keys != null && entries.getIfPresent(key) == null) {
                keys.remove(key);
            }
        }
    }

    private static String streamKey(String org, String stream) {
        return StreamGenerations.streamKey(org, stream);
    }
}
