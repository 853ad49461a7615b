package io.shopwatch.pipeline.flow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the pipeline did, for {@code /actuator/prometheus} and the stats API: records in and out of each stage,
 * rejects by stage and by reason, duplicates removed, batches and their latency, store retries.
 */
public final class PipelineStats {

    /** Distinct reject reasons kept for the API; past this they are counted under "other". */
    private static final int MAX_REASONS = 100;

    /**
     * Distinct (org, stream) and (org, stage) pairs counted per org; past this a new pair is counted under
     * {@link #UNKNOWN_ORG} and {@link #OTHER}, so a flood of orgs or streams cannot grow the heap without bound.
     */
    public static final int MAX_ORG_SERIES = 10_000;

    /** Org of records whose org is not known (not a readable envelope) or of pairs past {@link #MAX_ORG_SERIES}. */
    public static final String UNKNOWN_ORG = "";

    /** Stream or stage under which pairs past {@link #MAX_ORG_SERIES} are counted. */
    public static final String OTHER = "_other";

    /** A count per org and one label (a stream, a stage), since the service started. */
    public record OrgCount(String org, String label, long count) {}

    private record OrgKey(String org, String label) {}

    private final MeterRegistry registry;
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong storeRetries = new AtomicLong();
    private final AtomicLong lastBatchMillis = new AtomicLong();
    private final Map<String, AtomicLong> stageIn = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> stageRejected = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> stageNanos = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> piiMasked = new ConcurrentHashMap<>();
    private final Map<OrgKey, AtomicLong> storedPerStream = new ConcurrentHashMap<>();
    private final Map<OrgKey, AtomicLong> deadLetteredPerStage = new ConcurrentHashMap<>();
    private final Set<String> deadLetterStages = ConcurrentHashMap.newKeySet();
    private final Timer batchTimer;

    public PipelineStats(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("shopwatch.pipeline.records.consumed", consumed);
        registry.gauge("shopwatch.pipeline.records.stored", stored);
        registry.gauge("shopwatch.pipeline.records.rejected", rejected);
        // duplicates are a counter (shopwatch_pipeline_records_duplicates_total); a gauge of the same name would make
        // Prometheus refuse the counter
        this.batchTimer = Timer.builder("shopwatch.pipeline.batch.duration")
                .description("time from a batch read to its offsets being committable")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void consumed(int n) {
        consumed.addAndGet(n);
        counter("shopwatch.pipeline.records.in", "stage", "consumer").increment(n);
    }

    void stage(String stage, int in, int rejectedHere, long nanos) {
        stageIn.computeIfAbsent(stage, s -> new AtomicLong()).addAndGet(in);
        stageRejected.computeIfAbsent(stage, s -> new AtomicLong()).addAndGet(rejectedHere);
        stageNanos.computeIfAbsent(stage, s -> new AtomicLong()).addAndGet(nanos);
        counter("shopwatch.pipeline.stage.records.in", "stage", stage).increment(in);
        if (rejectedHere > 0) {
            counter("shopwatch.pipeline.stage.records.rejected", "stage", stage).increment(rejectedHere);
        }
        Timer.builder("shopwatch.pipeline.stage.duration")
                .tag("stage", stage)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Declares stages that may dead-letter records. Their dead-letter counters exist from then on, at zero until the
     * first dead letter: in Prometheus ({@code shopwatch_pipeline_records_dead_lettered_total{stage}}) and in
     * {@link #deadLetteredPerStage()} for every org seen, so that {@code increase()} over them answers 0 rather than
     * nothing while no record was dead-lettered.
     */
    public void deadLetterStages(Collection<String> stages) {
        for (String stage : stages) {
            if (deadLetterStages.add(stage)) {
                counter("shopwatch.pipeline.records.dead_lettered", "stage", stage);
            }
        }
    }

    void rejected(String stage, String reason) {
        rejected(UNKNOWN_ORG, stage, reason);
    }

    void rejected(String org, String stage, String reason) {
        rejected.incrementAndGet();
        perOrg(deadLetteredPerStage, org, stage).incrementAndGet();
        String key = stage + ": " + reason;
        AtomicLong count = reasons.get(key);
        if (count == null && reasons.size() >= MAX_REASONS) {
            key = stage + ": other";
        }
        reasons.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        counter("shopwatch.pipeline.records.dead_lettered", "stage", stage).increment();
    }

    void duplicates(int n) {
        duplicates.addAndGet(n);
        counter("shopwatch.pipeline.records.duplicates", "source", "dedup").increment(n);
    }

    void stored(String org, String stream, int n) {
        stored.addAndGet(n);
        if (n > 0) {
            perOrg(storedPerStream, org, stream).addAndGet(n);
        }
        counter("shopwatch.pipeline.records.out", "stage", "sink").increment(n);
    }

    void storeRetry() {
        storeRetries.incrementAndGet();
        counter("shopwatch.pipeline.sink.retries", "sink", "openobserve").increment();
    }

    void batch(Duration took) {
        batches.incrementAndGet();
        lastBatchMillis.set(took.toMillis());
        batchTimer.record(took);
    }

    public void piiMasked(String kind, int n) {
        piiMasked.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(n);
        counter("shopwatch.pipeline.pii.masked", "kind", kind).increment(n);
    }

    private static AtomicLong perOrg(Map<OrgKey, AtomicLong> counts, String org, String label) {
        OrgKey key = new OrgKey(org == null ? UNKNOWN_ORG : org, label);
        AtomicLong count = counts.get(key);
        if (count != null) {
            return count;
        }
        if (counts.size() >= MAX_ORG_SERIES) {
            key = new OrgKey(UNKNOWN_ORG, OTHER);
        }
        return counts.computeIfAbsent(key, k -> new AtomicLong());
    }

    /** Records stored per org and stream since the service started. */
    public List<OrgCount> storedPerStream() {
        return counts(storedPerStream);
    }

    /**
     * Records dead-lettered per org and stage since the service started; zero for each {@link #deadLetterStages
     * declared stage} without a dead letter yet, in every org that has stored or dead-lettered records and in
     * {@link #UNKNOWN_ORG} (the platform org), so that there is a zero series before the first dead letter.
     */
    public List<OrgCount> deadLetteredPerStage() {
        List<OrgCount> out = counts(deadLetteredPerStage);
        if (deadLetterStages.isEmpty()) {
            return out;
        }
        Set<OrgKey> counted = new HashSet<>();
        Set<String> orgs = new LinkedHashSet<>();
        orgs.add(UNKNOWN_ORG);
        for (OrgCount count : out) {
            counted.add(new OrgKey(count.org(), count.label()));
            orgs.add(count.org());
        }
        storedPerStream.keySet().forEach(key -> orgs.add(key.org()));
        List<String> stages = new ArrayList<>(deadLetterStages);
        for (String org : orgs) {
            for (String stage : stages) {
                if (!counted.contains(new OrgKey(org, stage))) {
                    out.add(new OrgCount(org, stage, 0));
                }
            }
        }
        return out;
    }

    private static List<OrgCount> counts(Map<OrgKey, AtomicLong> counts) {
        List<OrgCount> out = new ArrayList<>(counts.size());
        counts.forEach((key, count) -> out.add(new OrgCount(key.org(), key.label(), count.get())));
        return out;
    }

    private Counter counter(String name, String tag, String value) {
        return Counter.builder(name).tag(tag, value).register(registry);
    }

    /** A snapshot for the stats API. */
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("consumed", consumed.get());
        out.put("stored", stored.get());
        out.put("rejected", rejected.get());
        out.put("duplicates_removed", duplicates.get());
        out.put("batches", batches.get());
        out.put("last_batch_ms", lastBatchMillis.get());
        out.put("store_retries", storeRetries.get());
        Map<String, Object> stages = new LinkedHashMap<>();
        stageIn.forEach((stage, in) -> {
            long n = in.get();
            long nanos = stageNanos.getOrDefault(stage, new AtomicLong()).get();
            stages.put(
                    stage,
                    Map.of(
                            "in",
                            n,
                            "rejected",
                            stageRejected.getOrDefault(stage, new AtomicLong()).get(),
                            "avg_ns_per_record",
                            n == 0 ? 0 : nanos / n));
        });
        out.put("stages", stages);
        Map<String, Long> byReason = new LinkedHashMap<>();
        reasons.forEach((reason, count) -> byReason.put(reason, count.get()));
        out.put("rejected_by_reason", byReason);
        Map<String, Long> pii = new LinkedHashMap<>();
        piiMasked.forEach((kind, count) -> pii.put(kind, count.get()));
        out.put("pii_masked", pii);
        return out;
    }
}
