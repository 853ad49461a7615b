package io.shopwatch.benchmarks.pipeline;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.pipeline.PipelineProperties;
import io.shopwatch.pipeline.dedup.Deduplicator;
import io.shopwatch.pipeline.enrich.GeoIpEnricher;
import io.shopwatch.pipeline.enrich.GeoResolver;
import io.shopwatch.pipeline.enrich.OrderAmountBandEnricher;
import io.shopwatch.pipeline.enrich.ServiceMetadataEnricher;
import io.shopwatch.pipeline.enrich.UserAgentEnricher;
import io.shopwatch.pipeline.flow.BatchProcessor;
import io.shopwatch.pipeline.flow.PipelineStats;
import io.shopwatch.pipeline.flow.StageChain;
import io.shopwatch.pipeline.quality.JsonSchemaCheck;
import io.shopwatch.pipeline.quality.PiiMasker;
import io.shopwatch.pipeline.quality.RequiredFieldsCheck;
import io.shopwatch.pipeline.quality.TimestampSanityCheck;
import io.shopwatch.pipeline.record.DocumentJson;
import io.shopwatch.pipeline.record.EnvelopeReader;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.sink.TelemetrySink;
import io.shopwatch.pipeline.stage.Stage;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import io.shopwatch.pipeline.transform.LevelTransformer;
import io.shopwatch.pipeline.transform.TimestampTransformer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's hop per record: a batch of 1,000 raw-topic envelopes (log records of about 500 bytes, shaped like
 * devstack's IngestBenchmark records) is read, run through the default stage chain (built as PipelineConfiguration
 * builds it), de-duplicated, and turned into the bytes of the store's {@code _json} body and of each
 * {@code shopwatch.stored} record. The sink and the outlet consume those bytes without a network.
 *
 * <p>{@code batch} is the pipeline as it is: {@link EnvelopeReader} reads each envelope once into the flat document,
 * each document is written once, and the store body and the stored records are made of those bytes. {@code
 * treeBaseline} is the path it replaced, measured in the same run: {@link EnvelopeSerde} builds a tree, the flatten
 * stage copies it into the document, the store body is written from the maps by an ObjectMapper, and each stored
 * record is the document turned back into a tree inside a new envelope. {@code timestamp} is the envelope's timestamp
 * form: {@code micros} (the contract's integer) or {@code text} (RFC 3339; the only form the tree path reads right).
 *
 * <pre>{@code java -jar benchmarks/target/jmh-benchmarks.jar PipelineBenchmark -prof gc}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgs = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class PipelineBenchmark {

    static final int BATCH = 1_000;

    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final Serializer<Envelope> serializer = new EnvelopeSerde().serializer();
    private final Deserializer<Envelope> deserializer = new EnvelopeSerde().deserializer();
    private List<byte[]> raw;
    private StageChain chain;
    private PipelineStats stats;
    private BatchProcessor processor;
    private final BytesSink sink = new BytesSink();
    private final BytesOutlet outlet = new BytesOutlet();
    private final TreeSink treeSink = new TreeSink();
    private final TreeOutlet treeOutlet = new TreeOutlet();
    private final EnvelopeReader reader = new EnvelopeReader(FlattenTransformer.DEFAULT_DEPTH);
    private List<byte[]> rawText;
    private BatchProcessor treeProcessor;

    /** Thread CPU time of the measured calls: on a machine shared with other jobs, wall time is not CPU time. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final Logger log = LoggerFactory.getLogger(PipelineBenchmark.class);
    private long cpuNanos;
    private long cpuRecords;

    @Param({"micros"})
    public String timestamp;

    @Setup(Level.Trial)
    public void setUp() {
        Instant now = Instant.now();
        raw = new ArrayList<>(BATCH);
        rawText = new ArrayList<>(BATCH);
        String padding = "x".repeat(260);
        for (int i = 0; i < BATCH; i++) {
            String payload = "{\"level\":\"INFO\",\"service\":\"checkout\",\"message\":\"order placed for basket " + i
                    + "\",\"attributes\":{\"order_id\":\"o-" + i + "\",\"amount\":129.5,\"currency\":\"CNY\","
                    + "\"note\":\"" + padding + "\"}}";
            Instant at = now.minusMillis(i).truncatedTo(ChronoUnit.MICROS);
            String header = "{\"id\":\"" + UUID.randomUUID() + "\",\"org\":\"default\",\"stream\":\"bench\","
                    + "\"type\":\"LOG\",\"timestamp\":";
            String micros = Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, at));
            String text = "\"" + at + "\"";
            raw.add((header + ("text".equals(timestamp) ? text : micros) + ",\"payload\":" + payload + "}")
                    .getBytes(StandardCharsets.UTF_8));
            rawText.add((header + text + ",\"payload\":" + payload + "}").getBytes(StandardCharsets.UTF_8));
        }
        Clock clock = Clock.systemUTC();
        List<Stage> stages = List.of(
                new FlattenTransformer(FlattenTransformer.DEFAULT_DEPTH),
                new TimestampTransformer(),
                new LevelTransformer(),
                new UserAgentEnricher(10_000),
                new GeoIpEnricher(GeoResolver.NONE),
                new ServiceMetadataEnricher(Map.of()),
                new OrderAmountBandEnricher(List.of(50.0, 200.0, 1000.0)),
                new RequiredFieldsCheck(Map.of()),
                new TimestampSanityCheck(clock, Duration.ofHours(5), Duration.ofHours(24)),
                new JsonSchemaCheck(Map.of()),
                new PiiMasker((kind, count) -> {}));
        chain = new StageChain(stages, PipelineProperties.DEFAULT_STAGES, Map.of());
        stats = new PipelineStats(new SimpleMeterRegistry());
    }

    /** A fresh de-duplication window per batch, since every batch carries the same ids. */
    @Setup(Level.Invocation)
    public void freshWindow() {
        processor = new BatchProcessor(
                chain,
                Deduplicator.boundedInBytes(32L << 20, Duration.ofMinutes(10), Ticker.systemTicker()),
                sink,
                stats,
                4 << 20);
        treeProcessor = new BatchProcessor(
                chain,
                Deduplicator.boundedInBytes(32L << 20, Duration.ofMinutes(10), Ticker.systemTicker()),
                treeSink,
                stats,
                4 << 20);
    }

    @Setup(Level.Iteration)
    public void resetCpu() {
        cpuNanos = 0;
        cpuRecords = 0;
    }

    @TearDown(Level.Iteration)
    public void reportCpu() {
        log.info(
                "thread CPU per record: {} µs over {} records",
                String.format("%.2f", cpuNanos / 1000.0 / Math.max(1, cpuRecords)),
                cpuRecords);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batch(Blackhole bh) {
        long start = THREADS.getCurrentThreadCpuTime();
        List<PipelineRecord> records = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            records.add(reader.read(raw.get(i), new PipelineRecord.Source(Topics.LOGS_RAW, 0, i)));
        }
        processor.process(records, r -> false, outlet);
        bh.consume(sink.bytes);
        bh.consume(outlet.bytes);
        if (outlet.stored != BATCH) {
            throw new IllegalStateException("stored " + outlet.stored + " of " + BATCH);
        }
        outlet.stored = 0;
        cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpuRecords += BATCH;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void treeBaseline(Blackhole bh) {
        long start = THREADS.getCurrentThreadCpuTime();
        List<PipelineRecord> records = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            Envelope envelope = deserializer.deserialize(Topics.LOGS_RAW, rawText.get(i));
            records.add(new PipelineRecord(envelope, new PipelineRecord.Source(Topics.LOGS_RAW, 0, i), Map.of()));
        }
        treeProcessor.process(records, r -> false, treeOutlet);
        bh.consume(treeSink.bytes);
        bh.consume(treeOutlet.bytes);
        if (treeOutlet.stored != BATCH) {
            throw new IllegalStateException("stored " + treeOutlet.stored + " of " + BATCH);
        }
        treeOutlet.stored = 0;
        cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpuRecords += BATCH;
    }

    /** What OpenObserveClient#ingestJson does before the network: the documents' bytes joined into an array. */
    private static final class BytesSink implements TelemetrySink {
        long bytes;

        @Override
        public WriteResult write(
                String org, String streamType, String stream, List<Map<String, Object>> documents, List<byte[]> json) {
            bytes += DocumentJson.array(json).length;
            return new WriteResult(documents.size(), 0, null);
        }

        @Override
        public WriteResult write(String org, String streamType, String stream, List<Map<String, Object>> documents) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<String> existingIds(String org, String stream, Collection<String> ids, long from, long to) {
            return Set.of();
        }
    }

    /** Writes what the store receives and the stored topic's records, from the documents' bytes. */
    private static final class BytesOutlet implements BatchProcessor.Outlet {
        long bytes;
        int stored;

        @Override
        public void stored(List<PipelineRecord> records) {
            for (PipelineRecord record : records) {
                bytes += DocumentJson.storedEnvelope(record).length;
                stored++;
            }
        }

        @Override
        public void rejected(List<PipelineRecord> records) {
            throw new IllegalStateException("rejected: " + records.get(0).rejection());
        }
    }

    /** The replaced path's sink: OpenObserveClient#ingest wrote the maps with an ObjectMapper. */
    private final class TreeSink implements TelemetrySink {
        long bytes;

        @Override
        public WriteResult write(
                String org, String streamType, String stream, List<Map<String, Object>> documents, List<byte[]> json) {
            return write(org, streamType, stream, documents);
        }

        @Override
        public WriteResult write(String org, String streamType, String stream, List<Map<String, Object>> documents) {
            bytes += mapper.writeValueAsBytes(documents).length;
            return new WriteResult(documents.size(), 0, null);
        }

        @Override
        public Set<String> existingIds(String org, String stream, Collection<String> ids, long from, long to) {
            return Set.of();
        }
    }

    /** The replaced KafkaOutlet: the document turned back into a tree, in a new envelope, written again. */
    private final class TreeOutlet implements BatchProcessor.Outlet {
        long bytes;
        int stored;

        @Override
        public void stored(List<PipelineRecord> records) {
            for (PipelineRecord record : records) {
                Envelope out = new Envelope(
                        record.id(),
                        record.org(),
                        record.stream(),
                        record.type(),
                        record.timestamp(),
                        mapper.valueToTree(record.document()));
                bytes += serializer.serialize(Topics.STORED, out).length;
                stored++;
            }
        }

        @Override
        public void rejected(List<PipelineRecord> records) {
            throw new IllegalStateException("rejected: " + records.get(0).rejection());
        }
    }
}
