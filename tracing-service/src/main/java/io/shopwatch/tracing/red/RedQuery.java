package io.shopwatch.tracing.red;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The RED and service-map answers from the stored samples of every tracing-service instance ({@link StoredRed}), with
 * this instance's own figures taken from memory for the minutes memory covers (the open minute, and the closed ones
 * that may not have reached the store yet); its stored samples of those minutes are the same figures and are skipped.
 * So an answer survives a restart (memory then covers nothing earlier, the store answers), covers any range, and is
 * the same on every instance once the samples are stored.
 */
public final class RedQuery {

    private final SpanMetrics memory;
    private final StoredRed store;
    private final String instance;

    /** @param instance the {@code instance} label this instance's writer puts on its samples (null or blank: none) */
    public RedQuery(SpanMetrics memory, StoredRed store, String instance) {
        this.memory = memory;
        this.store = store;
        this.instance = instance == null || instance.isBlank() ? "" : instance;
    }

    /** RED series of an org from start to end, one point per {@code step} (see {@link RedAnswers#red}). */
    public List<SpanMetrics.Series> red(
            String org, String service, String operation, Instant start, Instant end, Duration step) {
        long from = RedAnswers.firstMinute(start);
        long to = RedAnswers.redEndMinute(end);
        SpanMetrics.Memory mem = memory.memory(org, from, to);
        StoredRed.Figures<SpanMetrics.Operation> stored = store.operations(org, service, operation, from, to, true);
        return RedAnswers.red(
                merge(mem.red(), stored, mem.coveredFromMinute()), org, service, operation, start, end, step);
    }

    /** The service map of an org from start to end (see {@link RedAnswers#serviceMap}). */
    public SpanMetrics.ServiceMap serviceMap(String org, Instant start, Instant end) {
        long from = RedAnswers.firstMinute(start);
        long to = RedAnswers.mapEndMinute(end);
        SpanMetrics.Memory mem = memory.memory(org, from, to);
        Map<SpanMetrics.Operation, TreeMap<Long, LatencyStats>> operations =
                merge(mem.red(), store.operations(org, null, null, from, to, false), mem.coveredFromMinute());
        Set<String> services = new TreeSet<>();
        operations.forEach((op, minutes) -> {
            if (minutes.values().stream().anyMatch(stats -> stats.count > 0)) {
                services.add(op.service());
            }
        });
        Map<SpanMetrics.Edge, TreeMap<Long, LatencyStats>> edges =
                merge(mem.edges(), store.edges(org, from, to), mem.coveredFromMinute());
        return RedAnswers.serviceMap(services, edges, org, start, end);
    }

    /** Memory's figures plus the stored ones of the other instances, and this instance's from before memory. */
    private <K> Map<K, TreeMap<Long, LatencyStats>> merge(
            Map<K, TreeMap<Long, LatencyStats>> fromMemory, StoredRed.Figures<K> stored, long coveredFromMinute) {
        Map<K, TreeMap<Long, LatencyStats>> out = new HashMap<>(fromMemory);
        stored.byInstance()
                .forEach((writer, series) -> series.forEach((key, minutes) -> {
                    Map<Long, LatencyStats> taken =
                            writer.equals(instance) ? minutes.headMap(coveredFromMinute) : minutes;
                    taken.forEach((minute, stats) -> out.computeIfAbsent(key, k -> new TreeMap<>())
                            .computeIfAbsent(minute, m -> new LatencyStats())
                            .addAll(stats));
                }));
        return out;
    }
}
