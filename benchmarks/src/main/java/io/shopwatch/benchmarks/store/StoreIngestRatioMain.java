package io.shopwatch.benchmarks.store;

import com.sun.management.OperatingSystemMXBean;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.store.EmbeddedStoreApplication;
import io.shopwatch.store.duckdb.DuckDbDatabase;
import io.shopwatch.store.ingest.IngestStatus;
import io.shopwatch.store.ingest.Ingester;
import io.shopwatch.store.stream.StreamKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The stack's {@code StoreIngestRatio} in one process, without the stack: the store started in this JVM on port 0, and
 * in alternating rounds, on the same rows ({@link LogBatches}: ~500-byte flat log records, batches of 1,000):
 *
 * <ul>
 *   <li>{@code http}: every batch posted to {@code POST /api/default/<stream>/_json} over one HTTP/1.1 keep-alive
 *       connection, uncompressed, each after the previous answer (as {@code StoreIngestRatio} does);
 *   <li>{@code direct}: the same bodies handed to the store's {@code Ingester.ingestJson} as the endpoint hands them,
 *       without HTTP;
 *   <li>{@code bare}: a bare DuckDB appender on a fresh file, the same rows already typed, one transaction per 1,000.
 * </ul>
 *
 * Each round writes a fresh stream (and a fresh bare file), so every side starts from an empty table. Printed per side:
 * the median over the rounds of records per second, of the process's CPU time per record and of the calling thread's
 * CPU time per record ({@code direct}, {@code bare}), and the ratios the issue asks about.
 *
 * <pre>{@code
 * java -Dloader.main=io.shopwatch.benchmarks.store.StoreIngestRatioMain -cp benchmarks/target/benchmarks.jar \
 *   org.springframework.boot.loader.launch.PropertiesLauncher [records=100000] [rounds=5] [warmup=0]
 * }</pre>
 */
public final class StoreIngestRatioMain {

    private static final int BATCH = 1_000;
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final String AUTH = "Basic "
            + Base64.getEncoder().encodeToString("bench@example.com:bench-secret".getBytes(StandardCharsets.UTF_8));

    private final PrintStream out = System.out;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** One side's figures in one round. */
    private record Figures(double recordsPerSecond, double processCpuMicros, double threadCpuMicros) {}

    /** Whether each side ends with a checkpoint, counted in its time and CPU (option {@code checkpoint=true}). */
    private final boolean checkpoint;

    private StoreIngestRatioMain(boolean checkpoint) {
        this.checkpoint = checkpoint;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> storeArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                storeArgs.add(arg); // a store setting, e.g. --store.duckdb-checkpoint-threshold=256MB
                continue;
            }
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int records = Integer.parseInt(options.getOrDefault("records", "100000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "0"));
        new StoreIngestRatioMain(Boolean.parseBoolean(options.getOrDefault("checkpoint", "false")))
                .run(records, rounds, warmup, storeArgs);
    }

    private void run(int records, int rounds, int warmup, List<String> storeArgs) throws Exception {
        long hourAgo = System.currentTimeMillis() * 1000 - 3_600_000_000L;
        List<LogBatches.Batch> batches = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int b = 0; b * BATCH < records; b++) {
            LogBatches.Batch batch =
                    LogBatches.batch(b, Math.min(BATCH, records - b * BATCH), hourAgo + (long) b * BATCH);
            batches.add(batch);
            bodies.add(batch.json());
        }
        Path dir = Files.createTempDirectory("store-ingest-ratio");
        List<String> settings = new ArrayList<>(List.of(
                "--server.port=0",
                "--store.data-dir=" + dir.resolve("store"),
                "--store.root-user-email=bench@example.com",
                "--store.root-user-password=bench-secret",
                "--logging.structured.format.console=",
                "--logging.level.root=WARN",
                "--spring.main.banner-mode=off"));
        settings.addAll(storeArgs);
        try (ConfigurableApplicationContext store =
                new SpringApplicationBuilder(EmbeddedStoreApplication.class).run(settings.toArray(String[]::new))) {
            URI base = URI.create("http://127.0.0.1:" + store.getEnvironment().getProperty("local.server.port"));
            Ingester ingester = store.getBean(Ingester.class);
            DuckDbDatabase database = store.getBean(DuckDbDatabase.class);
            // the bare appender's file checkpoints at the same write-ahead log size as the store's
            String threshold = store.getEnvironment().getProperty("store.duckdb-checkpoint-threshold", "");
            out.printf(
                    Locale.ROOT,
                    "# store _json ingest vs a bare DuckDB appender, in one JVM (%d cores, JDK %s, %,d records in"
                            + " batches of %,d, %d rounds after one warm-up round; load average %s)%n",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    records,
                    BATCH,
                    rounds,
                    loadAverage());
            if (!storeArgs.isEmpty()) {
                out.println("# store settings: " + String.join(" ", storeArgs));
            }
            if (warmup > 0) {
                warmUp(base, ingester, warmup, hourAgo);
            }
            Map<String, List<Figures>> sides = new LinkedHashMap<>();
            for (int round = 0; round <= rounds; round++) {
                database.checkpoint(); // each side starts with an empty write-ahead log
                Figures h = http(base, database, bodies, records, "ratio_http_" + round);
                database.checkpoint();
                Figures d = direct(ingester, database, bodies, records, "ratio_direct_" + round);
                Figures b = bare(dir.resolve("bare-" + round), batches, records, threshold);
                if (round == 0) {
                    continue; // warm-up
                }
                sides.computeIfAbsent("store over HTTP (_json)", k -> new ArrayList<>())
                        .add(h);
                sides.computeIfAbsent("store without HTTP (Ingester.ingestJson)", k -> new ArrayList<>())
                        .add(d);
                sides.computeIfAbsent("bare DuckDB appender", k -> new ArrayList<>())
                        .add(b);
                out.printf(
                        Locale.ROOT,
                        "round %d: http %,.0f rec/s, direct %,.0f rec/s, bare %,.0f rec/s (load %s)%n",
                        round,
                        h.recordsPerSecond(),
                        d.recordsPerSecond(),
                        b.recordsPerSecond(),
                        loadAverage());
            }
            out.println();
            out.println("| side (median of the rounds) | records/s | process CPU µs/record | thread CPU µs/record |");
            out.println("|---|---:|---:|---:|");
            for (Map.Entry<String, List<Figures>> e : sides.entrySet()) {
                out.printf(
                        Locale.ROOT,
                        "| %s | %,.0f | %.1f | %s |%n",
                        e.getKey(),
                        median(e.getValue(), Figures::recordsPerSecond),
                        median(e.getValue(), Figures::processCpuMicros),
                        e.getKey().startsWith("store over")
                                ? "—"
                                : String.format(Locale.ROOT, "%.1f", median(e.getValue(), Figures::threadCpuMicros)));
            }
            List<Figures> h = sides.get("store over HTTP (_json)");
            List<Figures> d = sides.get("store without HTTP (Ingester.ingestJson)");
            List<Figures> b = sides.get("bare DuckDB appender");
            out.println();
            out.printf(Locale.ROOT, "store over HTTP vs bare: %.2f× (per round: %s)%n", ratio(h, b), perRound(h, b));
            out.printf(Locale.ROOT, "store without HTTP vs bare: %.2f× (per round: %s)%n", ratio(d, b), perRound(d, b));
            out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * {@code requests} small {@code _json} requests (10 records each) over HTTP and as many through {@code Ingester}, so
     * that the code run once per request (Tomcat, the filters, Spring MVC, the answer) is compiled before the rounds:
     * a 1,000-record batch runs the per-record code a thousand times for each run of the per-request code, and the
     * JIT compiles a method fully only after thousands of calls.
     */
    private void warmUp(URI base, Ingester ingester, int requests, long firstMicros) throws Exception {
        byte[] body = LogBatches.batch(-1, 10, firstMicros).json();
        StreamKey key = new StreamKey("default", StreamType.LOGS, "ratio_warmup_direct");
        URI ingest = base.resolve("/api/default/ratio_warmup_http/_json");
        // twice: the first pass compiles, the second shows what a small request costs once compiled
        for (String pass : List.of("warm-up", "small requests, warm")) {
            long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long started = System.nanoTime();
            long cpu = OS.getProcessCpuTime();
            for (int i = 0; i < requests; i++) {
                post(ingest, body);
            }
            long httpCpu = OS.getProcessCpuTime() - cpu;
            long httpNanos = System.nanoTime() - started;
            long directStarted = System.nanoTime();
            cpu = OS.getProcessCpuTime();
            for (int i = 0; i < requests; i++) {
                ingester.ingestJson(key, new ByteArrayInputStream(body));
            }
            long directCpu = OS.getProcessCpuTime() - cpu;
            long directNanos = System.nanoTime() - directStarted;
            out.printf(
                    Locale.ROOT,
                    "%s: %,d requests of 10 records over HTTP, then as many direct: per request %.2f / %.2f ms of"
                            + " wall time, %.2f / %.2f ms of process CPU (JIT %.1f s in all; load %s)%n",
                    pass,
                    requests,
                    httpNanos / 1e6 / requests,
                    directNanos / 1e6 / requests,
                    httpCpu / 1e6 / requests,
                    directCpu / 1e6 / requests,
                    (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit) / 1e3,
                    loadAverage());
        }
    }

    private void post(URI ingest, byte[] body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(ingest)
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", AUTH)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"failed\":0")) {
            throw new IllegalStateException(
                    "the store refused a batch: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private Figures http(URI base, DuckDbDatabase database, List<byte[]> bodies, int records, String stream)
            throws Exception {
        URI ingest = base.resolve("/api/default/" + stream + "/_json");
        Map<String, Long> threadsBefore = cpuByThreadGroup();
        long gcBefore = gcMillis();
        long jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long cpu = OS.getProcessCpuTime();
        long started = System.nanoTime();
        for (byte[] body : bodies) {
            post(ingest, body);
        }
        if (checkpoint) {
            database.checkpoint();
        }
        Figures figures = figures(records, started, cpu, 0);
        Map<String, Long> threadsAfter = cpuByThreadGroup();
        List<String> parts = new ArrayList<>();
        long java = 0;
        for (Map.Entry<String, Long> e : threadsAfter.entrySet()) {
            long spent = e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L);
            java += spent;
            parts.add(String.format(Locale.ROOT, "%s %.1f", e.getKey(), spent / 1000.0 / records));
        }
        parts.add(String.format(
                Locale.ROOT,
                "other (GC, JIT, DuckDB's own threads) %.1f",
                figures.processCpuMicros() - java / 1000.0 / records));
        parts.add(String.format(
                Locale.ROOT,
                "(GC %d ms, JIT %d ms during the side)",
                gcMillis() - gcBefore,
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore));
        out.printf(Locale.ROOT, "  http side, CPU µs/record by thread: %s%n", String.join(", ", parts));
        return figures;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    /**
     * CPU time of this JVM's Java threads, summed by kind: the store's request threads ({@code http-nio-*}), the
     * HTTP client's ({@code HttpClient-*} and {@code main}, which sends) and the rest.
     */
    private static Map<String, Long> cpuByThreadGroup() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("store request threads", 0L);
        out.put("client (main, HttpClient-*)", 0L);
        out.put("other Java threads", 0L);
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.startsWith("http-nio")
                    ? "store request threads"
                    : name.equals("main") || name.startsWith("HttpClient")
                            ? "client (main, HttpClient-*)"
                            : "other Java threads";
            out.merge(group, cpu, Long::sum);
        }
        return out;
    }

    private Figures direct(
            Ingester ingester, DuckDbDatabase database, List<byte[]> bodies, int records, String stream) {
        StreamKey key = new StreamKey("default", StreamType.LOGS, stream);
        long cpu = OS.getProcessCpuTime();
        long thread = THREADS.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        for (byte[] body : bodies) {
            IngestStatus status = ingester.ingestJson(key, new ByteArrayInputStream(body));
            if (status.failed() > 0) {
                throw new IllegalStateException("the store refused records: " + status.error());
            }
        }
        if (checkpoint) {
            database.checkpoint();
        }
        return figures(records, started, cpu, THREADS.getCurrentThreadCpuTime() - thread);
    }

    private Figures bare(Path dir, List<LogBatches.Batch> batches, int records, String checkpointThreshold)
            throws IOException, SQLException {
        Files.createDirectories(dir);
        try (DuckDBConnection c =
                (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("bare.duckdb"))) {
            try (Statement s = c.createStatement()) {
                if (!checkpointThreshold.isBlank()) {
                    s.execute(DuckDbDatabase.setting("checkpoint_threshold", checkpointThreshold));
                }
                s.execute("CREATE TABLE bench (_timestamp BIGINT, id VARCHAR, latency_ms DOUBLE, level VARCHAR,"
                        + " message VARCHAR, service VARCHAR, status BIGINT, trace_id VARCHAR, user_id VARCHAR)");
            }
            PreparedStatement begin = c.prepareStatement("BEGIN TRANSACTION");
            PreparedStatement commit = c.prepareStatement("COMMIT");
            long cpu = OS.getProcessCpuTime();
            long thread = THREADS.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            for (LogBatches.Batch b : batches) {
                begin.execute(); // the transaction the appender joins, opened and ended as the store does
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
                commit.execute();
            }
            if (checkpoint) {
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT");
                }
            }
            return figures(records, started, cpu, THREADS.getCurrentThreadCpuTime() - thread);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static Figures figures(int records, long startedNanos, long processCpuBefore, long threadCpuNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        return new Figures(
                records / seconds,
                (OS.getProcessCpuTime() - processCpuBefore) / 1000.0 / records,
                threadCpuNanos / 1000.0 / records);
    }

    private static double ratio(List<Figures> side, List<Figures> bare) {
        return median(side, Figures::recordsPerSecond) / median(bare, Figures::recordsPerSecond);
    }

    private static String perRound(List<Figures> side, List<Figures> bare) {
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < side.size(); i++) {
            ratios.add(String.format(
                    Locale.ROOT,
                    "%.2f",
                    side.get(i).recordsPerSecond() / bare.get(i).recordsPerSecond()));
        }
        return String.join(", ", ratios);
    }

    private static double median(List<Figures> figures, ToDoubleFunction<Figures> value) {
        double[] sorted = figures.stream().mapToDouble(value).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", OS.getSystemLoadAverage());
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
