package io.shopwatch.tracing.bench;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.trace.OtlpJson;
import io.shopwatch.store.EmbeddedStoreServer;
import io.shopwatch.testkit.TestTokens;
import io.shopwatch.tracing.TracingServiceApplication;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Latency of {@code GET /api/v1/traces/{traceId}} over a traces stream of many spans (1M by default) in the embedded
 * store, against the bare store query the service makes for it ({@code SELECT * ... WHERE trace_id = ... ORDER BY
 * start_time} through common's OpenObserve client) in the same run, for the same trace ids. The spans are stored
 * directly (as the pipeline would), traces of {@code spansPerTrace} spans over the last hour. Not a test: run it by
 * hand (see docs/tracing.md).
 *
 * <p>Arguments: {@code [spans=1000000] [spansPerTrace=10] [queries=200]}.
 */
public final class TraceByIdBench {

    private static final Logger log = LoggerFactory.getLogger(TraceByIdBench.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ORG = "bench";
    private static final String USER = "bench@example.com";
    private static final String PASSWORD = "bench-secret";
    private static final int BATCH = 20_000;

    private TraceByIdBench() {}

    public static void main(String[] args) throws Exception {
        int spans = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int perTrace = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        double loadAtStart = load();

        Path dataDir = Files.createTempDirectory("trace-bench-store");
        EmbeddedStoreServer store = startStore(dataDir);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "shopwatch.spans.raw");
        broker.afterPropertiesSet();
        ConfigurableApplicationContext app = null;
        try (OpenObserveClient client = new OpenObserveClient(OpenObserveClientSettings.builder(store.url())
                .org(ORG)
                .basicAuth(USER, PASSWORD)
                .requestTimeout(Duration.ofMinutes(2))
                .build())) {
            long loadStart = System.nanoTime();
            List<String> traceIds = load(client, spans, perTrace);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            log.info(String.format(Locale.ROOT, "stored %d spans in %.1f s", spans, loadSeconds));

            app = new SpringApplicationBuilder(TracingServiceApplication.class)
                    .run(
                            "--server.port=0",
                            "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                            "--shopwatch.security.jwks-url="
                                    + TestTokens.shared().jwksUrl(),
                            "--shopwatch.openobserve.url=" + store.url(),
                            "--shopwatch.openobserve.user=" + USER,
                            "--shopwatch.openobserve.password=" + PASSWORD,
                            "--shopwatch.dev-mode=true",
                            "--shopwatch.tracing.red.write-interval=0s",
                            "--logging.structured.format.console=",
                            "--logging.level.root=WARN",
                            "--logging.level.io.shopwatch.tracing.bench=INFO");
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            String token = TestTokens.shared().token(ORG, Role.VIEWER);
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Instant end = Instant.now();
            Instant start = end.minus(Duration.ofHours(6));

            Random random = new Random(7);
            double loadBefore = load();
            // warm-up: a tenth of the queries on each path
            for (int i = 0; i < Math.max(5, queries / 10); i++) {
                String id = traceIds.get(random.nextInt(traceIds.size()));
                storeQuery(client, id, start, end, perTrace);
                serviceQuery(http, port, token, id, perTrace);
            }
            long[] bare = new long[queries];
            long[] service = new long[queries];
            for (int i = 0; i < queries; i++) {
                String id = traceIds.get(random.nextInt(traceIds.size()));
                // alternate which goes first, so that neither always meets a warm cache
                if (i % 2 == 0) {
                    bare[i] = storeQuery(client, id, start, end, perTrace);
                    service[i] = serviceQuery(http, port, token, id, perTrace);
                } else {
                    service[i] = serviceQuery(http, port, token, id, perTrace);
                    bare[i] = storeQuery(client, id, start, end, perTrace);
                }
            }
            log.info(String.format(
                    Locale.ROOT,
                    "RESULT spans=%d traces=%d spansPerTrace=%d queries=%d: GET /api/v1/traces/{id} %s;"
                            + " bare store query %s; median ratio %.2f; load average %.2f at start, %.2f before the"
                            + " queries, %.2f after, %d cores",
                    spans,
                    traceIds.size(),
                    perTrace,
                    queries,
                    summary(service),
                    summary(bare),
                    percentile(service, 50) / percentile(bare, 50),
                    loadAtStart,
                    loadBefore,
                    load(),
                    Runtime.getRuntime().availableProcessors()));
        } finally {
            if (app != null) {
                app.close();
            }
            broker.destroy();
            store.close();
            FileSystemUtils.deleteRecursively(dataDir);
        }
        // the test kit's JWK server runs on a non-daemon thread for the JVM's life
        System.exit(0);
    }

    private static EmbeddedStoreServer startStore(Path dataDir) {
        System.setProperty("shopwatch.security.enabled", "false");
        try {
            return EmbeddedStoreServer.start(dataDir, USER, PASSWORD, 0);
        } finally {
            System.clearProperty("shopwatch.security.enabled");
        }
    }

    /** Stores {@code spans} spans in traces of {@code perTrace} (a root and its children), started in the last hour. */
    private static List<String> load(OpenObserveClient client, int spans, int perTrace) {
        Random random = new Random(42);
        long now = Instant.now().minusSeconds(5).toEpochMilli() * 1_000_000L;
        List<String> traceIds = new ArrayList<>();
        List<Map<String, Object>> batch = new ArrayList<>(BATCH);
        String[] services = {"checkout", "cart", "payment", "catalog", "db"};
        for (int n = 0; n < spans; ) {
            String traceId = String.format(Locale.ROOT, "%016x%016x", random.nextLong(), random.nextLong());
            traceIds.add(traceId);
            long t0 = now - (long) (random.nextDouble() * 3_600_000_000_000L);
            String root = null;
            for (int s = 0; s < perTrace && n < spans; s++, n++) {
                String spanId = String.format(Locale.ROOT, "%016x", random.nextLong());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("trace_id", traceId);
                row.put("span_id", spanId);
                if (root != null) {
                    row.put("reference_parent_span_id", root);
                } else {
                    root = spanId;
                }
                row.put("service_name", services[s % services.length]);
                row.put("operation_name", "op-" + (s % 7));
                row.put("span_kind", s == 0 ? "2" : "3");
                row.put("span_status", random.nextInt(50) == 0 ? "ERROR" : "UNSET");
                long start = t0 + s * 1_000_000L;
                row.put("start_time", start);
                row.put("end_time", start + (s == 0 ? perTrace * 2_000_000L : 800_000L));
                row.put("http_route", "/api/" + (s % 7));
                batch.add(row);
                if (batch.size() == BATCH) {
                    flush(client, batch);
                }
            }
        }
        if (!batch.isEmpty()) {
            flush(client, batch);
        }
        return traceIds;
    }

    private static void flush(OpenObserveClient client, List<Map<String, Object>> batch) {
        var result = client.ingestTraces("default", JSON.writeValueAsBytes(OtlpJson.fromRows(batch)), batch.size());
        if (result.failed() > 0) {
            throw new IllegalStateException(result.failed() + " spans refused by the store");
        }
        batch.clear();
    }

    /** The service's trace view; nanoseconds. */
    private static long serviceQuery(HttpClient http, int port, String token, String id, int perTrace)
            throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/traces/" + id))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofMinutes(2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - t;
        if (response.statusCode() != 200 || !response.body().contains("\"spanCount\":" + perTrace)) {
            throw new IllegalStateException("answer " + response.statusCode() + " for " + id);
        }
        return took;
    }

    /** The store query the service makes for a trace, bare; nanoseconds. */
    private static long storeQuery(OpenObserveClient client, String id, Instant start, Instant end, int perTrace) {
        long t = System.nanoTime();
        int hits = client.search(
                        SearchRequest.sql("SELECT * FROM \"default\" WHERE trace_id = '" + id + "' ORDER BY start_time")
                                .range(start, end)
                                .size(10_000)
                                .type(StreamType.TRACES)
                                .build())
                .hits()
                .size();
        long took = System.nanoTime() - t;
        if (hits != perTrace) {
            throw new IllegalStateException(hits + " spans for " + id);
        }
        return took;
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static String summary(long[] nanos) {
        return String.format(
                Locale.ROOT,
                "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, mean %.1f ms",
                percentile(nanos, 50),
                percentile(nanos, 95),
                percentile(nanos, 99),
                Arrays.stream(nanos).average().orElse(0) / 1e6);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
