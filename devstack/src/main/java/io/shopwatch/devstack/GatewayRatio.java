package io.shopwatch.devstack;

import io.shopwatch.common.security.IdentityHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway costs on the ingest path of a running local stack: the same {@code POST /api/v1/logs} requests
 * (batches of 1,000 records of ~500 B, as {@link IngestBenchmark} sends them) by {@code clients} concurrent clients,
 * through the gateway with the API key ({@code X-API-Key}, as storefronts send it) and directly to logging-service
 * with the access token the gateway would forward for that key (exchanged at auth-service the way the gateway does).
 * Gateway and direct phases alternate, four of each, so that a busy machine weighs on both alike.
 */
final class GatewayRatio {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 1000;
    private static final int PHASES = 4;
    /** auth-service's exchanged tokens live 60 s; a new one is asked for well before. */
    private static final Duration TOKEN_REUSE = Duration.ofSeconds(40);

    private final StackSettings settings;
    private final HttpClient http;
    private final AtomicLong batches = new AtomicLong();
    private String apiKey;
    private String directToken;
    private Instant directTokenAt = Instant.EPOCH;

    GatewayRatio(StackSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    /** One phase's answers: latencies of the 200s in nanoseconds, the other answers counted. */
    private record Phase(long[] latencies, long failed, double seconds) {}

    /**
     * Rows {@code {measure, value}}: the gateway's share of the direct request rate, and the latency it adds at p50
     * and p99.
     *
     * @param gateway the gateway's base URL, e.g. {@code http://127.0.0.1:8080}
     * @param direct logging-service's base URL, e.g. {@code http://127.0.0.1:8083}
     */
    List<String[]> run(URI gateway, URI direct, String apiKey, int clients, Duration duration) throws Exception {
        synchronized (this) {
            this.apiKey = apiKey;
            this.directToken = null;
        }
        Duration slice = duration.dividedBy(PHASES * 2L);
        // warm both paths (connections, the gateway's key cache) before anything counts
        phase(gateway.resolve("/api/v1/logs"), "X-API-Key", () -> apiKey, clients, Duration.ofSeconds(2));
        phase(direct.resolve("/api/v1/logs"), "Authorization", this::bearer, clients, Duration.ofSeconds(2));
        List<Phase> viaGateway = new ArrayList<>();
        List<Phase> straight = new ArrayList<>();
        for (int i = 0; i < PHASES; i++) {
            straight.add(phase(direct.resolve("/api/v1/logs"), "Authorization", this::bearer, clients, slice));
            viaGateway.add(phase(gateway.resolve("/api/v1/logs"), "X-API-Key", () -> apiKey, clients, slice));
        }
        double gatewayRps = rate(viaGateway);
        double directRps = rate(straight);
        long[] g = sorted(viaGateway);
        long[] d = sorted(straight);
        return List.of(
                new String[] {
                    "gateway vs direct, " + clients + " clients, rps",
                    String.format(
                            "%.2f× (%.0f vs %.0f req/s)%s",
                            gatewayRps / directRps, gatewayRps, directRps, failures(viaGateway, straight))
                },
                new String[] {"gateway added latency p50 / p99", addedLatency(g, d) + ")"});
    }

    private static String failures(List<Phase> viaGateway, List<Phase> straight) {
        return failed(viaGateway) + failed(straight) == 0
                ? ""
                : String.format("; not 200: %d via gateway, %d direct", failed(viaGateway), failed(straight));
    }

    /** The added p50 and p99, then the two sides' own, the parenthesis left open. */
    private static String addedLatency(long[] g, long[] d) {
        return String.format(
                "%+.1f ms / %+.1f ms (gateway %.1f / %.1f ms, direct %.1f / %.1f ms",
                (percentile(g, 0.5) - percentile(d, 0.5)) / 1e6,
                (percentile(g, 0.99) - percentile(d, 0.99)) / 1e6,
                percentile(g, 0.5) / 1e6,
                percentile(g, 0.99) / 1e6,
                percentile(d, 0.5) / 1e6,
                percentile(d, 0.99) / 1e6);
    }

    /**
     * Rows {@code {measure, value}}: the latency the gateway adds at a steady request rate below saturation, with the
     * same batches sent on a fixed schedule (open loop) straight to logging-service and through the gateway, phases
     * alternating. A request's latency runs from the moment the schedule says it is sent, so a request held back
     * because the ones before it are slow counts its wait (no coordinated omission).
     *
     * @param batchesPerSecond 1,000-record batches sent per second on each path
     */
    List<String[]> paced(URI gateway, URI direct, String apiKey, int batchesPerSecond, Duration duration)
            throws Exception {
        synchronized (this) {
            this.apiKey = apiKey;
            this.directToken = null;
        }
        Duration slice = duration.dividedBy(PHASES * 2L);
        List<Phase> viaGateway = new ArrayList<>();
        List<Phase> straight = new ArrayList<>();
        for (int i = 0; i < PHASES; i++) {
            straight.add(
                    scheduled(direct.resolve("/api/v1/logs"), "Authorization", this::bearer, batchesPerSecond, slice));
            viaGateway.add(
                    scheduled(gateway.resolve("/api/v1/logs"), "X-API-Key", () -> apiKey, batchesPerSecond, slice));
        }
        long[] g = sorted(viaGateway);
        long[] d = sorted(straight);
        return List.<String[]>of(new String[] {
            String.format("gateway added latency p50 / p99 at a steady %,d rec/s (paced)", batchesPerSecond * BATCH),
            addedLatency(g, d)
                    + String.format("; %d + %d requests)", g.length, d.length)
                    + failures(viaGateway, straight)
        });
    }

    /** Batches sent {@code perSecond} times a second for {@code length}, each on its own schedule. */
    private Phase scheduled(URI url, String header, Credential credential, int perSecond, Duration length)
            throws Exception {
        int requests = (int) Math.max(1, length.toMillis() * perSecond / 1000);
        long period = 1_000_000_000L / perSecond;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(requests, 4 * perSecond + 8));
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime() + 200_000_000L;
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long due = start + i * period;
            results.add(pool.submit(() -> {
                byte[] body = IngestBenchmark.body("bench_gateway", "p" + batches.incrementAndGet(), BATCH)
                        .getBytes(StandardCharsets.UTF_8);
                Map<String, String> headers = headers(header, credential);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int status = BatchPoster.post(url.toString(), headers, body, Duration.ofSeconds(60))
                        .status();
                long took = System.nanoTime() - due;
                if (status != 200) {
                    failed.incrementAndGet();
                    return -1L;
                }
                return took;
            }));
        }
        List<Long> latencies = new ArrayList<>();
        for (Future<Long> result : results) {
            long took = result.get();
            if (took >= 0) {
                latencies.add(took);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Phase(latencies.stream().mapToLong(Long::longValue).toArray(), failed.get(), seconds);
    }

    @FunctionalInterface
    private interface Credential {
        String value() throws IOException, InterruptedException;
    }

    private static Map<String, String> headers(String header, Credential credential)
            throws IOException, InterruptedException {
        return Map.of(header, header.equals("Authorization") ? "Bearer " + credential.value() : credential.value());
    }

    /** {@code clients} clients posting batches back to back for {@code length}. */
    private Phase phase(URI url, String header, Credential credential, int clients, Duration length) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                long[] latencies = new long[256];
                int n = 0;
                while (System.nanoTime() < end) {
                    byte[] body = IngestBenchmark.body("bench_gateway", "g" + batches.incrementAndGet(), BATCH)
                            .getBytes(StandardCharsets.UTF_8);
                    Map<String, String> headers = headers(header, credential);
                    long sent = System.nanoTime();
                    int status = BatchPoster.post(url.toString(), headers, body, Duration.ofSeconds(60))
                            .status();
                    long took = System.nanoTime() - sent;
                    if (status != 200) {
                        failed.incrementAndGet();
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> result : results) {
            all.add(result.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Phase(all.stream().flatMapToLong(Arrays::stream).toArray(), failed.get(), seconds);
    }

    /**
     * The access token the gateway forwards for the key: exchanged at auth-service's {@code /internal/v1/api-keys/verify}
     * with the internal secret, as the gateway does.
     */
    private synchronized String bearer() throws IOException, InterruptedException {
        if (directToken == null || Instant.now().isAfter(directTokenAt.plus(TOKEN_REUSE))) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(authUrl() + "/internal/v1/api-keys/verify"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header(IdentityHeaders.INTERNAL_SECRET, settings.internalSecret())
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("key", apiKey))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IOException(
                        "auth-service did not exchange the ingest key: " + answer.statusCode() + " " + answer.body());
            }
            JsonNode exchanged = JSON.readTree(answer.body());
            directToken = exchanged.path("access_token").asString();
            directTokenAt = Instant.now();
        }
        return directToken;
    }

    private static String authUrl() {
        return ServiceSpec.all().stream()
                .filter(s -> s.name().equals("auth"))
                .findFirst()
                .orElseThrow()
                .baseUrl();
    }

    private static double rate(List<Phase> phases) {
        long requests = phases.stream().mapToLong(p -> p.latencies().length).sum();
        double seconds = phases.stream().mapToDouble(Phase::seconds).sum();
        return requests / seconds;
    }

    private static long failed(List<Phase> phases) {
        return phases.stream().mapToLong(Phase::failed).sum();
    }

    private static long[] sorted(List<Phase> phases) {
        return phases.stream()
                .flatMapToLong(p -> Arrays.stream(p.latencies()))
                .sorted()
                .toArray();
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
    }
}
