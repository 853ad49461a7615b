package io.shopwatch.pipeline.flow;

import io.shopwatch.pipeline.dedup.Deduplicator;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.sink.SinkUnavailableException;
import io.shopwatch.pipeline.sink.TelemetrySink;
import io.shopwatch.pipeline.stage.Stage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs one batch through the stages, removes duplicates, writes what is left to the store stream by stream and hands
 * stored and rejected records to the {@link Outlet}. Plain Java: the Kafka listener calls it, tests construct it.
 *
 * <p>Guarantees: a record is remembered as stored only after the store acknowledged it, so a batch retried after
 * {@link SinkUnavailableException} writes only what was not written yet; records that may have been stored by an
 * earlier consumer of the same partition (just after a rebalance or a crash) are checked against the store before
 * they are written.
 *
 * <p>Each accepted document is written as JSON once ({@link PipelineRecord#json()}); a stream's documents go to the
 * store in requests of at most {@code maxRequestBytes} of those bytes, and a document larger than that on its own is
 * dead-lettered with the reason instead of being sent.
 *
 * <p>The stage chain is read once per batch: when the stage settings change at runtime, a batch in progress finishes
 * with the chain it started with and the next one runs the new chain.
 */
public final class BatchProcessor {

    /** Where the results of a batch go: the stored topic and the dead-letter topics. Must not return before durable. */
    public interface Outlet {
        void stored(List<PipelineRecord> records);

        void rejected(List<PipelineRecord> records);
    }

    public static final String STORE_STAGE = "store";

    /** Request size limit of the constructor without one. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private final Supplier<StageChain> chains;
    /** The chain whose stages' dead-letter counters were last declared (declaring twice is harmless). */
    private volatile StageChain declaredFor;

    private final Deduplicator deduplicator;
    private final TelemetrySink sink;
    private final PipelineStats stats;
    private final int maxRequestBytes;
    private final Sampler sampler;
    private final RecordTracing tracing;

    public BatchProcessor(StageChain chain, Deduplicator deduplicator, TelemetrySink sink, PipelineStats stats) {
        this(chain, deduplicator, sink, stats, DEFAULT_MAX_REQUEST_BYTES);
    }

    /** @param maxRequestBytes most bytes of documents in one store request */
    public BatchProcessor(
            StageChain chain, Deduplicator deduplicator, TelemetrySink sink, PipelineStats stats, int maxRequestBytes) {
        this(chain, deduplicator, sink, stats, maxRequestBytes, Sampler.KEEP_ALL);
    }

    /**
     * @param maxRequestBytes most bytes of documents in one store request
     * @param sampler asked, after the stages, whether each accepted record is stored (sampling by ingest budget)
     */
    public BatchProcessor(
            StageChain chain,
            Deduplicator deduplicator,
            TelemetrySink sink,
            PipelineStats stats,
            int maxRequestBytes,
            Sampler sampler) {
        this(chain, deduplicator, sink, stats, maxRequestBytes, sampler, RecordTracing.NONE);
    }

    /**
     * @param maxRequestBytes most bytes of documents in one store request
     * @param sampler asked, after the stages, whether each accepted record is stored (sampling by ingest budget)
     * @param tracing runs each store write in a span of the traces its records continue
     */
    public BatchProcessor(
            StageChain chain,
            Deduplicator deduplicator,
            TelemetrySink sink,
            PipelineStats stats,
            int maxRequestBytes,
            Sampler sampler,
            RecordTracing tracing) {
        this(() -> chain, deduplicator, sink, stats, maxRequestBytes, sampler, tracing);
    }

    /**
     * @param chains the chain in force, read once at the start of each batch (see {@link LiveStageChain})
     * @param maxRequestBytes most bytes of documents in one store request
     * @param sampler asked, after the stages, whether each accepted record is stored (sampling by ingest budget)
     * @param tracing runs each store write in a span of the traces its records continue
     */
    public BatchProcessor(
            Supplier<StageChain> chains,
            Deduplicator deduplicator,
            TelemetrySink sink,
            PipelineStats stats,
            int maxRequestBytes,
            Sampler sampler,
            RecordTracing tracing) {
        this.tracing = tracing;
        this.sampler = sampler;
        this.chains = chains;
        this.deduplicator = deduplicator;
        this.sink = sink;
        this.stats = stats;
        this.maxRequestBytes = maxRequestBytes;
        declareDeadLetterStages(chains.get());
    }

    /**
     * Declares the stages of a chain that may dead-letter (and the store) so that their counters exist at zero; done
     * for the first chain and again for each chain the stage settings bring in.
     */
    private void declareDeadLetterStages(StageChain chain) {
        Set<String> deadLetterStages = new LinkedHashSet<>();
        chain.describe().values().forEach(deadLetterStages::addAll);
        deadLetterStages.add(STORE_STAGE);
        stats.deadLetterStages(deadLetterStages);
        declaredFor = chain;
    }

    /**
     * Processes a batch.
     *
     * @param mayBeStoredAlready true for records that an earlier consumer may have written without committing
     */
    public void process(List<PipelineRecord> records, Predicate<PipelineRecord> mayBeStoredAlready, Outlet outlet) {
        stats.consumed(records.size());
        StageChain chain = chains.get();
        if (chain != declaredFor) {
            declareDeadLetterStages(chain);
        }
        runStages(chain, records);

        List<PipelineRecord> rejected = new ArrayList<>();
        List<PipelineRecord> candidates = new ArrayList<>(records.size());
        Set<String> inBatch = new HashSet<>();
        int duplicates = 0;
        for (PipelineRecord record : records) {
            if (record.isRejected()) {
                rejected.add(record);
            } else if (!sampler.keep(record)) {
                continue; // sampled out: counted by the sampler, neither stored nor dead-lettered
            } else if (deduplicator.seen(record.dedupKey()) || !inBatch.add(record.dedupKey())) {
                duplicates++;
            } else {
                candidates.add(record);
            }
        }
        duplicates += removeAlreadyStored(candidates, mayBeStoredAlready);
        stats.duplicates(duplicates);

        for (List<PipelineRecord> group : byStream(candidates).values()) {
            for (List<PipelineRecord> request : requests(group, rejected)) {
                write(request, rejected, outlet);
            }
        }
        if (!rejected.isEmpty()) {
            outlet.rejected(rejected);
            rejected.forEach(r ->
                    stats.rejected(r.org(), r.rejection().stage(), r.rejection().reason()));
        }
    }

    private void runStages(StageChain chain, List<PipelineRecord> records) {
        Map<String, List<PipelineRecord>> byStream = records.stream()
                .collect(Collectors.groupingBy(PipelineRecord::stream, LinkedHashMap::new, Collectors.toList()));
        byStream.forEach((stream, group) -> {
            for (Stage stage : chain.forStream(stream)) {
                long start = System.nanoTime();
                int in = 0;
                int rejectedHere = 0;
                for (PipelineRecord record : group) {
                    if (record.isRejected()) {
                        continue;
                    }
                    in++;
                    try {
                        stage.apply(record);
                    } catch (RuntimeException e) {
                        record.reject(
                                stage.name(), "stage failed: " + e.getClass().getSimpleName());
                    }
                    if (record.isRejected()) {
                        rejectedHere++;
                    }
                }
                stats.stage(stage.name(), in, rejectedHere, System.nanoTime() - start);
            }
        });
    }

    /** Drops, from the candidates, records an earlier consumer already stored; returns how many. */
    private int removeAlreadyStored(List<PipelineRecord> candidates, Predicate<PipelineRecord> mayBeStoredAlready) {
        List<PipelineRecord> suspects =
                candidates.stream().filter(mayBeStoredAlready).toList();
        if (suspects.isEmpty()) {
            return 0;
        }
        Set<String> found = new HashSet<>();
        byStream(suspects).forEach((key, group) -> {
            for (String id : existing(group)) {
                found.add(key + '\u0000' + id);
            }
        });
        if (found.isEmpty()) {
            return 0;
        }
        int before = candidates.size();
        candidates.removeIf(r -> {
            boolean stored = found.contains(groupKey(r) + '\u0000' + r.id());
            if (stored) {
                deduplicator.remember(r.dedupKey());
            }
            return stored;
        });
        return before - candidates.size();
    }

    /**
     * Splits a stream's records into store requests of at most {@link #maxRequestBytes} bytes of JSON (the documents
     * and the commas between them); a document too large for a request on its own is rejected.
     */
    private List<List<PipelineRecord>> requests(List<PipelineRecord> group, List<PipelineRecord> rejected) {
        List<List<PipelineRecord>> requests = new ArrayList<>(1);
        List<PipelineRecord> current = new ArrayList<>();
        long bytes = 2;
        for (PipelineRecord record : group) {
            int size = record.json().length + 1;
            if (size + 2 > maxRequestBytes) {
                record.reject(
                        STORE_STAGE,
                        "stored document of " + (size - 1) + " bytes is larger than a store request may be ("
                                + maxRequestBytes + " bytes)");
                rejected.add(record);
                continue;
            }
            if (bytes + size > maxRequestBytes && !current.isEmpty()) {
                requests.add(current);
                current = new ArrayList<>();
                bytes = 2;
            }
            current.add(record);
            bytes += size;
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }
        return requests;
    }

    private void write(List<PipelineRecord> group, List<PipelineRecord> rejected, Outlet outlet) {
        PipelineRecord first = group.get(0);
        List<Map<String, Object>> documents = new ArrayList<>(group.size());
        List<byte[]> json = new ArrayList<>(group.size());
        for (PipelineRecord record : group) {
            documents.add(record.document());
            json.add(record.json());
        }
        TelemetrySink.WriteResult result;
        try {
            result = tracing.store(
                    group, () -> sink.write(first.org(), first.type().streamType(), first.stream(), documents, json));
        } catch (SinkUnavailableException e) {
            stats.storeRetry();
            throw e;
        }
        List<PipelineRecord> stored = group;
        if (result.failed() > 0) {
            Set<String> present = existing(group);
            stored = new ArrayList<>();
            for (PipelineRecord record : group) {
                if (present.contains(record.id())) {
                    stored.add(record);
                } else {
                    record.reject(STORE_STAGE, "the store refused the record: " + result.error());
                    rejected.add(record);
                }
            }
        }
        stored.forEach(r -> deduplicator.remember(r.dedupKey()));
        stats.stored(first.org(), first.stream(), stored.size());
        if (!stored.isEmpty()) {
            outlet.stored(stored);
        }
    }

    private Set<String> existing(List<PipelineRecord> group) {
        PipelineRecord first = group.get(0);
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (PipelineRecord record : group) {
            long micros = record.timestampMicros();
            from = Math.min(from, micros);
            to = Math.max(to, micros);
        }
        List<String> ids = group.stream().map(PipelineRecord::id).toList();
        return sink.existingIds(first.org(), first.stream(), ids, from, to);
    }

    private static Map<String, List<PipelineRecord>> byStream(List<PipelineRecord> records) {
        return records.stream()
                .collect(Collectors.groupingBy(BatchProcessor::groupKey, LinkedHashMap::new, Collectors.toList()));
    }

    private static String groupKey(PipelineRecord record) {
        return record.org() + '\u0000' + record.type().streamType() + '\u0000' + record.stream();
    }
}
