package io.shopwatch.benchmarks;

import io.shopwatch.common.openobserve.IngestResult;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.store.EmbeddedStoreApplication;
import io.shopwatch.store.duckdb.DuckDbDatabase;
import io.shopwatch.store.search.QueryPlanner;
import io.shopwatch.store.search.SearchQuery;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ingest throughput and search latency of the embedded store, each beside the same work done directly on DuckDB in
 * the same run.
 *
 * <ul>
 *   <li>Ingest: 500-byte log records in batches of 1,000, posted to {@code _json} through {@link OpenObserveClient}
 *       (gzip, keep-alive, {@code --clients} threads) versus the same rows through a DuckDB appender, one transaction
 *       per batch of 1,000.
 *   <li>Search: a {@code count(*) ... GROUP BY}, a {@code match_all} returning hits and a {@code match_all} count, each
 *       through {@code _search} versus the exact SQL the store runs for it, on a JDBC connection to the same database
 *       file after the store has stopped.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar [--rows=1000000,10000000] [--clients=4] [--runs=10]}.
 * Prints a Markdown table per size.
 */
public final class StoreBenchmark {

    private static final int BATCH = 1_000;
    private static final long SECOND = 1_000_000L;
    private static final String[] WORDS = ("checkout cart payment order shipping catalog search inventory price"
                    + " discount coupon customer session request response latency cache database query index"
                    + " warehouse delivery refund invoice tax currency basket product review rating recommendation")
            .split(" ");
    private static final String[] SERVICES = {
        "checkout", "cart", "payment", "catalog", "search", "shipping", "inventory", "pricing", "accounts", "reviews"
    };
    private static final String[] LEVELS = {"info", "info", "info", "info", "warn", "error", "debug"};

    private final PrintStream out;
    private final int clients;
    private final int runs;
    private final boolean gzip;
    private final boolean checkpoint;

    private StoreBenchmark(PrintStream out, int clients, int runs, boolean gzip, boolean checkpoint) {
        this.out = out;
        this.clients = clients;
        this.runs = runs;
        this.gzip = gzip;
        this.checkpoint = checkpoint;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        long[] sizes = Arrays.stream(
                        options.getOrDefault("rows", "1000000,10000000").split(","))
                .mapToLong(Long::parseLong)
                .toArray();
        StoreBenchmark benchmark = new StoreBenchmark(
                System.out,
                Integer.parseInt(options.getOrDefault("clients", "4")),
                Integer.parseInt(options.getOrDefault("runs", "10")),
                Boolean.parseBoolean(options.getOrDefault("gzip", "true")),
                Boolean.parseBoolean(options.getOrDefault("checkpoint", "false")));
        benchmark.out.printf(
                Locale.ROOT,
                "# embedded-store benchmark (%d cores, JDK %s, %d client threads, gzip %s, checkpoint before search %s,"
                        + " median of %d runs)%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                benchmark.clients,
                benchmark.gzip ? "on" : "off",
                benchmark.checkpoint ? "yes" : "no",
                benchmark.runs);
        for (long rows : sizes) {
            benchmark.run(rows);
        }
    }

    private void run(long rows) throws Exception {
        Path dir = Files.createTempDirectory("store-bench");
        try {
            long base = (System.currentTimeMillis() * 1000 / SECOND) * SECOND - 4 * 3_600 * SECOND;
            long step = Math.max(1, 4 * 3_600 * SECOND / rows);
            long end = base + rows * step + SECOND;

            // 1. ingest through the store's HTTP API
            ConfigurableApplicationContext store = startStore(dir);
            String url = "http://127.0.0.1:" + store.getEnvironment().getProperty("local.server.port");
            OpenObserveClient client = new OpenObserveClient(OpenObserveClientSettings.builder(url)
                    .basicAuth("bench@example.com", "bench-secret")
                    .maxConcurrentRequests(clients)
                    .gzipMinBytes(gzip ? 1024 : -1)
                    .build());
            double storeIngest = ingestThroughStore(client, rows, base, step);

            if (checkpoint) {
                store.getBean(DuckDbDatabase.class).checkpoint();
            }

            // 2. search through the store
            List<Query> queries = List.of(
                    new Query(
                            "count(*) GROUP BY",
                            "SELECT service, count(*) AS c FROM \"bench\" GROUP BY service ORDER BY c DESC"),
                    new Query("match_all, 1000 newest hits", "SELECT * FROM \"bench\" WHERE match_all('timeout')"),
                    new Query("match_all count", "SELECT count(*) AS c FROM \"bench\" WHERE match_all('timeout')"));
            QueryPlanner planner = store.getBean(QueryPlanner.class);
            Map<Query, double[]> storeLatency = new LinkedHashMap<>();
            Map<Query, String> plannedSql = new LinkedHashMap<>();
            Map<Query, double[]> planning = new LinkedHashMap<>();
            for (Query q : queries) {
                SearchRequest request =
                        SearchRequest.sql(q.sql()).range(base, end).build();
                storeLatency.put(q, time(() -> client.search(request).hits().size()));
                SearchQuery query = new SearchQuery(q.sql(), base, end, 0, null, false, null, 0, "ui", 0);
                plannedSql.put(q, planner.plan("default", query).sql());
                planning.put(q, time(() -> planner.plan("default", query).sql().length()));
            }
            store.close();

            // 3. the same SQL directly on DuckDB, same file
            Map<Query, double[]> directLatency = new LinkedHashMap<>();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("duckdb/store.duckdb"))) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET memory_limit = '1GB'");
                }
                for (Query q : queries) {
                    directLatency.put(q, time(() -> count(c, plannedSql.get(q))));
                }
            }

            // 4. the same rows appended directly to DuckDB
            double directIngest = ingestDirectly(dir.resolve("direct.duckdb"), rows, base, step);

            out.printf(Locale.ROOT, "%n## %,d rows%n%n", rows);
            out.println("| measure | embedded-store | DuckDB directly | store / direct |");
            out.println("|---|---:|---:|---:|");
            out.printf(
                    Locale.ROOT,
                    "| ingest, records/s (batches of 1,000; ~500 B/record) | %,.0f | %,.0f | %.2f |%n",
                    storeIngest,
                    directIngest,
                    storeIngest / directIngest);
            for (Query q : queries) {
                double s = median(storeLatency.get(q));
                double d = median(directLatency.get(q));
                out.printf(
                        Locale.ROOT,
                        "| %s, median ms (of which parsing and rewriting %.2f) | %.1f | %.1f | %.2f |%n",
                        q.name(),
                        median(planning.get(q)),
                        s,
                        d,
                        s / d);
            }
            out.println();
            for (Query q : queries) {
                out.printf(Locale.ROOT, "- `%s`: `%s`%n", q.name(), q.sql());
            }
            out.flush();
        } finally {
            deleteRecursively(dir);
        }
    }

    private record Query(String name, String sql) {}

    private ConfigurableApplicationContext startStore(Path dir) {
        return new SpringApplicationBuilder(EmbeddedStoreApplication.class)
                .run(
                        "--server.port=0",
                        "--store.data-dir=" + dir,
                        "--store.root-user-email=bench@example.com",
                        "--store.root-user-password=bench-secret",
                        "--logging.structured.format.console=",
                        "--logging.level.root=WARN",
                        "--spring.main.banner-mode=off");
    }

    private double ingestThroughStore(OpenObserveClient client, long rows, long base, long step) throws Exception {
        long batches = (rows + BATCH - 1) / BATCH;
        AtomicLong next = new AtomicLong();
        AtomicLong stored = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            futures.add(pool.submit(() -> {
                for (long b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                    List<Map<String, Object>> records = new ArrayList<>(BATCH);
                    Random random = new Random(b);
                    for (long i = b * BATCH; i < Math.min(rows, (b + 1) * BATCH); i++) {
                        records.add(record(random, i, base + i * step));
                    }
                    IngestResult result = client.ingest("bench", records);
                    if (result.hasFailures()) {
                        throw new IllegalStateException(
                                "records refused: " + result.firstError().orElse(""));
                    }
                    stored.addAndGet(result.successful());
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        if (stored.get() != rows) {
            throw new IllegalStateException("stored " + stored.get() + " of " + rows);
        }
        return rows / seconds;
    }

    private double ingestDirectly(Path file, long rows, long base, long step) throws SQLException {
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bench (_timestamp BIGINT, level VARCHAR, service VARCHAR, status BIGINT,"
                        + " latency_ms DOUBLE, trace_id VARCHAR, user_id VARCHAR, message VARCHAR)");
            }
            long started = System.nanoTime();
            for (long b = 0; b * BATCH < rows; b++) {
                Random random = new Random(b);
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                try (DuckDBAppender appender = c.createAppender("main", "bench")) {
                    for (long i = b * BATCH; i < Math.min(rows, (b + 1) * BATCH); i++) {
                        Map<String, Object> r = record(random, i, base + i * step);
                        appender.beginRow();
                        appender.append((long) r.get("_timestamp"));
                        appender.append((String) r.get("level"));
                        appender.append((String) r.get("service"));
                        appender.append((long) (int) r.get("status"));
                        appender.append((double) r.get("latency_ms"));
                        appender.append((String) r.get("trace_id"));
                        appender.append((String) r.get("user_id"));
                        appender.append((String) r.get("message"));
                        appender.endRow();
                    }
                }
                c.commit();
                c.setAutoCommit(true);
            }
            return rows / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** A log record of about 500 bytes as JSON; one in a hundred mentions a timeout. */
    static Map<String, Object> record(Random random, long i, long timestamp) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("_timestamp", timestamp);
        r.put("level", LEVELS[random.nextInt(LEVELS.length)]);
        r.put("service", SERVICES[random.nextInt(SERVICES.length)]);
        r.put("status", random.nextInt(100) < 95 ? 200 : 500);
        r.put("latency_ms", Math.round(random.nextDouble() * 200_000) / 100.0);
        r.put("trace_id", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
        r.put("user_id", "u" + random.nextInt(100_000));
        StringBuilder message = new StringBuilder(360);
        if (i % 100 == 0) {
            message.append("upstream timeout ");
        }
        while (message.length() < 340) {
            message.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        r.put("message", message.toString().trim());
        return r;
    }

    private interface Work {
        long run() throws Exception;
    }

    /** Two warm-up runs, then {@code runs} timed ones; milliseconds. */
    private double[] time(Work work) throws Exception {
        for (int i = 0; i < 2; i++) {
            work.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - started) / 1e6;
        }
        return ms;
    }

    /** Reads every row, as the store does before answering. */
    private static long count(Connection c, String sql) throws SQLException {
        long rows = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    rs.getObject(i);
                }
                rows++;
            }
        }
        return rows;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
