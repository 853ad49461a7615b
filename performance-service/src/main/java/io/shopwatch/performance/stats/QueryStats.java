package io.shopwatch.performance.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * What the frontend did, per org (for {@code GET /api/v1/performance/queries}) and in total (Prometheus: {@code
 * shopwatch_performance_queries_total{outcome}}, {@code shopwatch_performance_bytes_saved_total}, {@code
 * shopwatch_performance_hit_ratio}).
 */
public final class QueryStats {

    /** One slow store query. */
    public record SlowQuery(String query, long millis, int status, long bytes, Instant at) {}

    /** The statistics of one org. */
    public record OrgSnapshot(
            String org,
            Map<String, Long> outcomes,
            double hitRatio,
            long bytesSaved,
            long storeQueries,
            long storeMillisTotal,
            List<SlowQuery> slowest) {}

    private static final class OrgStats {
        final Map<Outcome, AtomicLong> outcomes = new EnumMap<>(Outcome.class);
        final AtomicLong bytesSaved = new AtomicLong();
        final AtomicLong storeQueries = new AtomicLong();
        final AtomicLong storeMillis = new AtomicLong();
        final List<SlowQuery> slowest = new ArrayList<>();

        OrgStats() {
            for (Outcome outcome : Outcome.values()) {
                outcomes.put(outcome, new AtomicLong());
            }
        }
    }

    private final Map<String, OrgStats> orgs = new ConcurrentHashMap<>();
    private final QueryLog log = new QueryLog();
    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);
    private final Map<Outcome, AtomicLong> totals = new EnumMap<>(Outcome.class);
    private final Counter bytesSaved;
    private final int slowestKept;
    private final Clock clock;

    public QueryStats(MeterRegistry registry, int slowestKept, Clock clock) {
        this.slowestKept = slowestKept;
        this.clock = clock;
        for (Outcome outcome : Outcome.values()) {
            totals.put(outcome, new AtomicLong());
            counters.put(
                    outcome,
                    Counter.builder("shopwatch.performance.queries")
                            .description("reads served by the query frontend, by outcome")
                            .tag("outcome", outcome.tag())
                            .register(registry));
        }
        bytesSaved = Counter.builder("shopwatch.performance.bytes.saved")
                .description("answer bytes served from the cache or from an identical query in flight")
                .baseUnit("bytes")
                .register(registry);
        ToDoubleFunction<QueryStats> ratio = stats -> stats.hitRatio(stats.totals);
        Gauge.builder("shopwatch.performance.hit.ratio", this, ratio)
                .description("share of cacheable reads answered without asking the store (hits and coalesced)")
                .register(registry);
    }

    /** Counts one read; {@code servedBytes} counts as saved for hits and coalesced reads. */
    public void record(String org, Outcome outcome, long servedBytes) {
        OrgStats stats = orgs.computeIfAbsent(org, o -> new OrgStats());
        stats.outcomes.get(outcome).incrementAndGet();
        totals.get(outcome).incrementAndGet();
        counters.get(outcome).increment();
        if (outcome == Outcome.HIT || outcome == Outcome.FRESH_HIT || outcome == Outcome.COALESCED) {
            saved(stats, servedBytes);
        }
    }

    /** Bytes of cached pieces a split answer was assembled from. */
    public void savedBytes(String org, long bytes) {
        saved(orgs.computeIfAbsent(org, o -> new OrgStats()), bytes);
    }

    private void saved(OrgStats stats, long bytes) {
        stats.bytesSaved.addAndGet(bytes);
        bytesSaved.increment(bytes);
    }

    /** Counts one query that reached the store, and keeps it if it is among the org's slowest. */
    public void storeQuery(String org, String query, long millis, int status, long bytes) {
        OrgStats stats = orgs.computeIfAbsent(org, o -> new OrgStats());
        stats.storeQueries.incrementAndGet();
        stats.storeMillis.addAndGet(millis);
        synchronized (stats.slowest) {
            if (stats.slowest.size() < slowestKept
                    || millis > stats.slowest.get(stats.slowest.size() - 1).millis()) {
                stats.slowest.add(new SlowQuery(truncate(query), millis, status, bytes, clock.instant()));
                stats.slowest.sort(Comparator.comparingLong(SlowQuery::millis).reversed());
                while (stats.slowest.size() > slowestKept) {
                    stats.slowest.remove(stats.slowest.size() - 1);
                }
            }
        }
    }

    /** What each org read and how much the store scanned for it, for advice. */
    public QueryLog log() {
        return log;
    }

    public OrgSnapshot snapshot(String org) {
        OrgStats stats = orgs.getOrDefault(org, new OrgStats());
        Map<String, Long> outcomes = new java.util.LinkedHashMap<>();
        stats.outcomes.forEach((outcome, count) -> outcomes.put(outcome.tag(), count.get()));
        List<SlowQuery> slowest;
        synchronized (stats.slowest) {
            slowest = List.copyOf(stats.slowest);
        }
        return new OrgSnapshot(
                org,
                outcomes,
                hitRatio(stats.outcomes),
                stats.bytesSaved.get(),
                stats.storeQueries.get(),
                stats.storeMillis.get(),
                slowest);
    }

    private double hitRatio(Map<Outcome, AtomicLong> counts) {
        double saved = counts.get(Outcome.HIT).get()
                + counts.get(Outcome.FRESH_HIT).get()
                + counts.get(Outcome.COALESCED).get();
        double asked = saved
                + counts.get(Outcome.MISS).get()
                + counts.get(Outcome.PARTIAL).get();
        return asked == 0 ? 0 : saved / asked;
    }

    private static String truncate(String query) {
        return query.length() <= 500 ? query : query.substring(0, 500) + "…";
    }
}
