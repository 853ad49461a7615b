package io.shopwatch.benchmarks.store;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.openobserve.OpenObserveFlattening;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.store.duckdb.DuckDbDatabase;
import io.shopwatch.store.duckdb.DuckDbIngester;
import io.shopwatch.store.duckdb.DuckDbStreams;
import io.shopwatch.store.ingest.IngestStatus;
import io.shopwatch.store.ingest.IngestionWindow;
import io.shopwatch.store.ingest.JsonBodyReader;
import io.shopwatch.store.ingest.RecordNormaliser;
import io.shopwatch.store.ingest.RowBatch;
import io.shopwatch.store.stream.StreamKey;
import io.shopwatch.store.stream.ValueType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store's hop, per record: a 1,000-record {@code _json} body of ~500-byte log records (flat, {@code _timestamp}
 * in µs, an {@code id}, as the pipeline sends them) parsed, normalised with OpenObserve's rules and appended to a
 * DuckDB file in one transaction, without HTTP — beside a bare DuckDB appender appending the same rows, already typed,
 * one transaction per 1,000, in the same run.
 *
 * <ul>
 *   <li>{@code store}: the request body as the {@code _json} endpoint hands it to the store, parsed and appended.
 *   <li>{@code storeTree}: the body read as a tree, one {@code JsonNode} per record, through {@code Ingester.ingest}
 *       (the path {@code _multi} and the metrics endpoint still take).
 *   <li>{@code bareAppender}: the yardstick.
 *   <li>{@code parseStreamed}, {@code parseTree}: the parsing and normalising alone, streamed and as trees and maps
 *       (the store's work before this change), without DuckDB.
 * </ul>
 *
 * <p>Besides the wall time per record, each reports the CPU time per record of its thread and of the process
 * ({@link Cpu}), which a shared machine disturbs far less.
 *
 * <pre>{@code java -jar benchmarks/target/jmh-benchmarks.jar StoreIngestBenchmark}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 8, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@OperationsPerInvocation(StoreIngestBenchmark.BATCH)
public class StoreIngestBenchmark {

    static final int BATCH = 1_000;
    private static final int DISTINCT_BATCHES = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * CPU time per record, as extra results per benchmark: {@code threadCpuMicrosPerRecord} (the benchmark's thread,
     * where the parsing, the appender and DuckDB's commit run) and {@code processCpuMicrosPerRecord} (every thread of
     * the JVM: DuckDB's workers, GC, JIT too; the OS counts it in 10 ms steps). On a shared machine the wall time
     * swings with the other jobs; these count the work done, whoever else runs.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private static final OperatingSystemMXBean OS =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        private long threadNanos;
        private long records;
        private long started;
        private long processStarted;

        /** This iteration's CPU time of the benchmark's thread per record, µs. */
        public double threadCpuMicrosPerRecord;

        /** This iteration's CPU time of the whole process per record, µs. */
        public double processCpuMicrosPerRecord;

        @Setup(Level.Iteration)
        public void reset() {
            threadNanos = 0;
            records = 0;
            threadCpuMicrosPerRecord = 0;
            processCpuMicrosPerRecord = 0;
            processStarted = OS.getProcessCpuTime();
        }

        void start() {
            started = THREADS.getCurrentThreadCpuTime();
        }

        long stop(long stored) {
            threadNanos += THREADS.getCurrentThreadCpuTime() - started;
            records += stored;
            threadCpuMicrosPerRecord = threadNanos / 1000.0 / records;
            processCpuMicrosPerRecord = (OS.getProcessCpuTime() - processStarted) / 1000.0 / records;
            return stored;
        }
    }

    /** OpenObserve's rules as the store applies them, without a database. */
    @State(Scope.Benchmark)
    public static class Rules {
        final OpenObserveFlattening flattening = new OpenObserveFlattening(OpenObserveFlattening.DEFAULT_LEVEL);
        final RecordNormaliser normaliser = new RecordNormaliser(new IngestionWindow(Clock.systemUTC(), 5, 24), 1000);
        final JsonBodyReader reader = new JsonBodyReader(JSON, normaliser);
    }

    /** The same batches for every benchmark: the first record an hour ago, inside the store's time window. */
    @State(Scope.Benchmark)
    public static class Batches {
        LogBatches.Batch[] typed;
        byte[][] bodies;
        Path dir;
        int next;

        @Setup
        public void create() throws IOException {
            long hourAgo = System.currentTimeMillis() * 1000 - 3_600_000_000L;
            typed = new LogBatches.Batch[DISTINCT_BATCHES];
            bodies = new byte[DISTINCT_BATCHES][];
            for (int b = 0; b < DISTINCT_BATCHES; b++) {
                typed[b] = LogBatches.batch(b, BATCH, hourAgo + (long) b * BATCH);
                bodies[b] = typed[b].json();
            }
            dir = Files.createTempDirectory("store-ingest-bench");
        }

        int nextIndex() {
            int i = next;
            next = (i + 1) % DISTINCT_BATCHES;
            return i;
        }

        @TearDown
        public void delete() {
            deleteRecursively(dir);
        }
    }

    /**
     * The store's parts as its configuration wires them, on a fresh database file per iteration: DuckDB's checkpoints
     * (every 16 MB of write-ahead log, in the committing thread) cost more as a table grows, so each side starts every
     * iteration from an empty file.
     */
    @State(Scope.Benchmark)
    public static class Store {
        DuckDbDatabase db;
        DuckDbIngester ingester;
        Path file;
        final StreamKey key = new StreamKey("default", StreamType.LOGS, "bench");

        @Setup(Level.Iteration)
        public void open(Batches batches) throws IOException {
            file = Files.createTempDirectory(batches.dir, "store").resolve("duckdb/store.duckdb");
            db = DuckDbDatabase.open(file, "1GB", 0, 16, new ArrayList<>(DuckDbStreams.SETUP));
            Clock clock = Clock.systemUTC();
            ingester = new DuckDbIngester(
                    db,
                    new DuckDbStreams(db, clock),
                    new RecordNormaliser(new IngestionWindow(clock, 5, 24), 1000),
                    3,
                    JSON,
                    new SimpleMeterRegistry());
        }

        @TearDown(Level.Iteration)
        public void close() {
            db.close();
            deleteRecursively(file.getParent().getParent());
        }
    }

    /** A bare DuckDB connection and the stream's table with the columns the store creates for these records. */
    @State(Scope.Benchmark)
    public static class Bare {
        DuckDBConnection connection;
        Path dir;

        @Setup(Level.Iteration)
        public void open(Batches batches) throws SQLException, IOException {
            dir = Files.createTempDirectory(batches.dir, "bare");
            connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("bare.duckdb"));
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE bench (_timestamp BIGINT, id VARCHAR, latency_ms DOUBLE, level VARCHAR,"
                        + " message VARCHAR, service VARCHAR, status BIGINT, trace_id VARCHAR, user_id VARCHAR)");
            }
        }

        @TearDown(Level.Iteration)
        public void close() throws SQLException {
            connection.close();
            deleteRecursively(dir);
        }
    }

    @Benchmark
    public long store(Batches batches, Store store, Cpu cpu) {
        byte[] body = batches.bodies[batches.nextIndex()];
        cpu.start();
        return cpu.stop(check(store.ingester.ingestJson(store.key, new ByteArrayInputStream(body))));
    }

    /** The store's parsing and normalising alone, streamed into columns (what {@code store} does before appending). */
    @Benchmark
    public long parseStreamed(Batches batches, Rules rules, Cpu cpu) {
        byte[] body = batches.bodies[batches.nextIndex()];
        cpu.start();
        JsonBodyReader.Result read = rules.reader.read(
                new ByteArrayInputStream(body), rules.flattening, "default/logs/bench", rules.normaliser.nowMicros());
        return cpu.stop(read.rows().rows());
    }

    /**
     * The same work as the store did it before the body was streamed: a tree per body, then a map per record and the
     * types merged field by field.
     */
    @Benchmark
    public long parseTree(Batches batches, Rules rules, Cpu cpu) {
        byte[] body = batches.bodies[batches.nextIndex()];
        cpu.start();
        long now = rules.normaliser.nowMicros();
        List<Map<String, Object>> rows = new ArrayList<>(BATCH);
        Map<String, ValueType> types = new LinkedHashMap<>();
        for (JsonNode record : JSON.readTree(body)) {
            Map<String, Object> row = rules.normaliser
                    .normalise(record, rules.flattening, "default/logs/bench", now)
                    .row();
            for (Map.Entry<String, Object> e : row.entrySet()) {
                types.merge(e.getKey(), RowBatch.typeOf(e.getValue()), ValueType::widen);
            }
            rows.add(row);
        }
        return cpu.stop(rows.size());
    }

    @Benchmark
    public long storeTree(Batches batches, Store store, Cpu cpu) {
        byte[] body = batches.bodies[batches.nextIndex()];
        cpu.start();
        List<JsonNode> records = new ArrayList<>(BATCH);
        JSON.readTree(body).forEach(records::add);
        return cpu.stop(check(store.ingester.ingest(store.key, records, body.length)));
    }

    @Benchmark
    public long bareAppender(Batches batches, Bare bare, Cpu cpu) throws SQLException {
        LogBatches.Batch b = batches.typed[batches.nextIndex()];
        cpu.start();
        DuckDBConnection c = bare.connection;
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT 1"); // opens the transaction the appender joins, as the store's first statement does
        }
        try (DuckDBAppender appender = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "bench")) {
            for (int i = 0; i < b.size(); i++) {
                appender.beginRow();
                appender.append(b.timestamp()[i]);
                appender.append(b.id()[i]);
                appender.append(b.latencyMs()[i]);
                appender.append(b.level()[i]);
                appender.append(b.message()[i]);
                appender.append(b.service()[i]);
                appender.append(b.status()[i]);
                appender.append(b.traceId()[i]);
                appender.append(b.userId()[i]);
                appender.endRow();
            }
        }
        c.commit();
        c.setAutoCommit(true);
        return cpu.stop(b.size());
    }

    private static long check(IngestStatus status) {
        if (status.failed() > 0 || status.successful() != BATCH) {
            throw new IllegalStateException(
                    "stored " + status.successful() + ", refused " + status.failed() + ": " + status.error());
        }
        return status.successful();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
