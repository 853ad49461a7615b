package io.shopwatch.performance.cache;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The race guard of a {@link ResultCache}: one counter per (org, stream), bumped by each invalidation of it. */
public final class StreamGenerations {

    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();

    /** The sum of the generations of the streams the plan reads. */
    public long of(QueryPlan plan) {
        long sum = 0;
        for (String stream : plan.streams()) {
            sum += counter(streamKey(plan.org(), stream)).get();
        }
        return sum;
    }

    public void bump(String org, String stream) {
        counter(streamKey(org, stream)).incrementAndGet();
    }

    public void bumpAll() {
        generations.values().forEach(AtomicLong::incrementAndGet);
    }

    private AtomicLong counter(String streamKey) {
        return generations.computeIfAbsent(streamKey, k -> new AtomicLong());
    }

    /** Org and stream as one key; stream names are case-insensitive. */
    public static String streamKey(String org, String stream) {
        return org + "\u0000" + stream.toLowerCase(Locale.ROOT);
    }
}
