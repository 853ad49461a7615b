package io.shopwatch.devstack;

import java.io.IOException;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The embedded store's {@code _json} ingest beside a bare DuckDB appender, on the same rows: {@code records} log
 * records of about 500 bytes (flat, {@code _timestamp} in µs, an {@code id}, as the pipeline sends them) posted to a
 * fresh stream in batches of 1,000 over one HTTP/1.1 keep-alive connection ({@link BatchPoster}), uncompressed, each
 * batch after the previous answer; then the same rows, already typed, appended in this JVM to a temporary DuckDB file with the
 * columns the store creates for them, one transaction per 1,000 as the store commits. The store's figure includes
 * HTTP; the bodies are built before the clock starts.
 *
 * <p>Both sides write their rows to the database file once, not only to the write-ahead log. The store does so in
 * the commit that takes its log past {@code STORE_DUCKDB_CHECKPOINT_THRESHOLD}, for every table with rows not yet
 * written, so its streams are kept until every round is done (a stream deleted before that checkpoint would never be
 * written); the bare appender's file is fresh each round, and the rows it has not written when its last commit returns
 * (all of them, below the threshold) are written by a {@code CHECKPOINT} before its clock stops. Its rate without that
 * checkpoint (the write-ahead log only) is printed beside it.
 */
final class StoreIngestRatio {

    static final int BATCH = 1_000;

    /** The store's {@code STORE_DUCKDB_CHECKPOINT_THRESHOLD}, which the bare appender's file uses too. */
    private static final String CHECKPOINT_THRESHOLD =
            System.getenv().getOrDefault("STORE_DUCKDB_CHECKPOINT_THRESHOLD", "64MB");

    private static final String[] WORDS = ("checkout cart payment order shipping catalog search inventory price"
                    + " discount coupon customer session request response latency cache database query index"
                    + " warehouse delivery refund invoice tax currency basket product review rating recommendation")
            .split(" ");
    private static final String[] SERVICES = {
        "checkout", "cart", "payment", "catalog", "search", "shipping", "inventory", "pricing", "accounts", "reviews"
    };
    private static final String[] LEVELS = {"info", "info", "info", "info", "warn", "error", "debug"};

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** One record's values, typed. */
    private record Row(
            long timestamp,
            String id,
            double latencyMs,
            String level,
            String message,
            String service,
            long status,
            String traceId,
            String userId) {}

    /**
     * Measures both and returns the rows {@code {"embedded store _json ingest", "N rec/s"}},
     * {@code {"bare DuckDB appender, same rows", "N rec/s"}} and {@code {"store vs bare appender", "0.NN×"}}, then
     * {@code {"store vs bare appender, first round (cold)", …}}: the records of {@link #ROUNDS} rounds over their time,
     * each round posting the records to a fresh stream and then appending them to a fresh file, after
     * {@code warmUpRequests} small requests to the store and an uncounted first round (a store that has run for a
     * while has its per-request code compiled; one that has just started spends most of a short run's CPU in the JIT).
     * The rounds' streams are deleted at the end.
     */
    List<String[]> run(URI storeBaseUrl, String user, String password, int records)
            throws IOException, InterruptedException, SQLException {
        return run(storeBaseUrl, user, password, records, WARMUP_REQUESTS);
    }

    /** Rounds counted after the first. */
    static final int ROUNDS = 5;

    /** Small requests ({@link #WARMUP_BATCH} records) sent before the first round ({@code BENCH_STORE_WARMUP}). */
    static final int WARMUP_REQUESTS = Integer.parseInt(System.getenv().getOrDefault("BENCH_STORE_WARMUP", "15000"));

    static final int WARMUP_BATCH = 10;

    List<String[]> run(URI storeBaseUrl, String user, String password, int records, int warmUpRequests)
            throws IOException, InterruptedException, SQLException {
        List<Row> rows = rows(records, System.currentTimeMillis() * 1000 - 3_600_000_000L);
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < records; from += BATCH) {
            bodies.add(json(rows.subList(from, Math.min(records, from + BATCH))));
        }
        String run = Long.toString(System.currentTimeMillis(), 36);
        String auth =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (warmUpRequests > 0) {
            String stream = "store_ratio_warmup_" + run;
            byte[] small = json(rows.subList(0, Math.min(WARMUP_BATCH, rows.size())));
            for (int i = 0; i < warmUpRequests; i++) {
                post(storeBaseUrl.resolve("/api/default/" + stream + "/_json"), auth, small);
            }
            deleteStream(storeBaseUrl.resolve("/api/default/streams/" + stream), auth);
        }
        double[] store = new double[ROUNDS + 1];
        double[] bare = new double[ROUNDS + 1];
        double[] bareAppendsOnly = new double[ROUNDS + 1];
        List<String> streams = new ArrayList<>();
        boolean measured = false;
        try {
            for (int round = 0; round <= ROUNDS; round++) {
                String stream = "store_ratio_" + run + "_" + round;
                streams.add(stream);
                URI ingest = storeBaseUrl.resolve("/api/default/" + stream + "/_json");
                long started = System.nanoTime();
                for (byte[] body : bodies) {
                    post(ingest, auth, body);
                }
                store[round] = records / ((System.nanoTime() - started) / 1e9);
                BareRates direct = appendDirectly(rows);
                bareAppendsOnly[round] = direct.toLog();
                bare[round] = direct.checkpointed();
            }
            measured = true;
        } finally {
            // also when a round failed (its error is the one reported): the streams are the benchmark's
            for (String stream : streams) {
                try {
                    deleteStream(storeBaseUrl.resolve("/api/default/streams/" + stream), auth);
                } catch (IOException e) {
                    if (measured) {
                        throw e;
                    }
                }
            }
        }
        double[] storeCounted = Arrays.copyOfRange(store, 1, store.length);
        double[] bareCounted = Arrays.copyOfRange(bare, 1, bare.length);
        double[] bareAppendsOnlyCounted = Arrays.copyOfRange(bareAppendsOnly, 1, bareAppendsOnly.length);
        StringBuilder perRound = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            perRound.append(round == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%.2f×", storeCounted[round] / bareCounted[round]));
        }
        // the rounds' rows over their time: a round of the store may hold a checkpoint or none, its neighbour two
        double storeRate = overall(storeCounted);
        double bareRate = overall(bareCounted);
        double bareAppendsOnlyRate = overall(bareAppendsOnlyCounted);
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"embedded store _json ingest", String.format(Locale.ROOT, "%,.0f rec/s", storeRate)});
        out.add(new String[] {
            "bare DuckDB appender, same rows",
            String.format(
                    Locale.ROOT,
                    "%,.0f rec/s, its rows checkpointed (%,.0f rec/s to the write-ahead log only)",
                    bareRate,
                    bareAppendsOnlyRate)
        });
        out.add(new String[] {
            "store vs bare appender",
            String.format(
                    Locale.ROOT,
                    "%.2f× (%d rounds: %s; after %,d requests of %d records); %.2f× against the appender's"
                            + " write-ahead log only",
                    storeRate / bareRate,
                    ROUNDS,
                    perRound,
                    warmUpRequests,
                    WARMUP_BATCH,
                    storeRate / bareAppendsOnlyRate)
        });
        out.add(new String[] {
            "store vs bare appender, first round (cold)",
            String.format(Locale.ROOT, "%.2f× (%,.0f vs %,.0f rec/s)", store[0] / bare[0], store[0], bare[0])
        });
        return out;
    }

    /** Rounds of the same size together: their records over their summed time (the rates' harmonic mean). */
    static double overall(double[] rates) {
        double inverse = 0;
        for (double rate : rates) {
            inverse += 1 / rate;
        }
        return rates.length / inverse;
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void post(URI ingest, String auth, byte[] body) throws IOException {
        BatchPoster.Answer answer =
                BatchPoster.post(ingest.toString(), Map.of("Authorization", auth), body, Duration.ofSeconds(60));
        if (answer.status() != 200 || !answer.body().contains("\"failed\":0")) {
            throw new IllegalStateException("the store refused a batch: HTTP " + answer.status() + " " + answer.body());
        }
    }

    private void deleteStream(URI uri, String auth) throws IOException, InterruptedException {
        http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", auth)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** A bare appender's records per second: to the write-ahead log, and with its rows written to the file. */
    private record BareRates(double toLog, double checkpointed) {}

    /**
     * A bare appender on a temporary file, one transaction per {@link #BATCH}: records per second to the write-ahead
     * log, and with a {@code CHECKPOINT} that writes them to the database file.
     */
    private static BareRates appendDirectly(List<Row> rows) throws IOException, SQLException {
        Path dir = Files.createTempDirectory("store-ingest-ratio");
        try (DuckDBConnection c =
                (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("bare.duckdb"))) {
            try (Statement s = c.createStatement()) {
                // the write-ahead log size at which the store checkpoints (its default unless set for the stack)
                s.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD.replace("'", "") + "'");
                s.execute("CREATE TABLE bench (_timestamp BIGINT, id VARCHAR, latency_ms DOUBLE, level VARCHAR,"
                        + " message VARCHAR, service VARCHAR, status BIGINT, trace_id VARCHAR, user_id VARCHAR)");
            }
            PreparedStatement begin = c.prepareStatement("BEGIN TRANSACTION");
            PreparedStatement commit = c.prepareStatement("COMMIT");
            long started = System.nanoTime();
            for (int from = 0; from < rows.size(); from += BATCH) {
                begin.execute(); // the transaction the appender joins, opened and ended as the store does
                try (DuckDBAppender appender = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "bench")) {
                    for (Row r : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
                        appender.beginRow();
                        appender.append(r.timestamp());
                        appender.append(r.id());
                        appender.append(r.latencyMs());
                        appender.append(r.level());
                        appender.append(r.message());
                        appender.append(r.service());
                        appender.append(r.status());
                        appender.append(r.traceId());
                        appender.append(r.userId());
                        appender.endRow();
                    }
                }
                commit.execute();
            }
            long appended = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
            long checkpointed = System.nanoTime();
            return new BareRates(
                    rows.size() / ((appended - started) / 1e9), rows.size() / ((checkpointed - started) / 1e9));
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<Row> rows(int count, long firstMicros) {
        Random random = new Random(42);
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder message = new StringBuilder(320);
            if (i % 100 == 0) {
                message.append("upstream timeout ");
            }
            while (message.length() < 290) {
                message.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            rows.add(new Row(
                    firstMicros + i,
                    new UUID(random.nextLong(), random.nextLong()).toString(),
                    Math.round(random.nextDouble() * 200_000) / 100.0,
                    LEVELS[random.nextInt(LEVELS.length)],
                    message.toString().trim(),
                    SERVICES[random.nextInt(SERVICES.length)],
                    random.nextInt(100) < 95 ? 200 : 500,
                    Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()),
                    "u" + random.nextInt(100_000)));
        }
        return rows;
    }

    /** A batch as the JSON array the pipeline posts (the texts need no escaping). */
    private static byte[] json(List<Row> batch) {
        StringBuilder out = new StringBuilder(batch.size() * 520).append('[');
        for (Row r : batch) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("{\"_timestamp\":").append(r.timestamp());
            out.append(",\"id\":\"").append(r.id()).append('"');
            out.append(",\"level\":\"").append(r.level()).append('"');
            out.append(",\"service\":\"").append(r.service()).append('"');
            out.append(",\"status\":").append(r.status());
            out.append(",\"latency_ms\":").append(r.latencyMs());
            out.append(",\"trace_id\":\"").append(r.traceId()).append('"');
            out.append(",\"user_id\":\"").append(r.userId()).append('"');
            out.append(",\"message\":\"").append(r.message()).append("\"}");
        }
        return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
