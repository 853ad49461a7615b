package io.shopwatch.gateway;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Role;
import io.shopwatch.gateway.request.AccessLogFilter;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the gateway costs on the ingest path, without the whole stack: the gateway in-process on a free port in front of
 * a trivial real HTTP service that answers {@code POST /api/v1/logs} like logging-service does (reads the body, answers
 * 200 with a small JSON), and a fake auth-service that exchanges the API key. The same requests (1,000 records of
 * ~500 B, ~500 KB) are sent by {@code clients} concurrent clients directly to the service, through the gateway with an
 * API key ({@code X-API-Key}, as storefronts do) and through the gateway with a bearer access token; rounds alternate
 * so that a noisy machine affects all three alike. Prints requests/s, p50/p99 latency, CPU per request (this process:
 * clients, service and gateway together) and the ratios.
 *
 * <p>Not part of the test suite (its name does not end in {@code Test}). Run it with
 *
 * <pre>
 * ./mvnw -B -ntp -o -q -pl gateway-service -am test -Dtest=GatewayOverheadBenchmark \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.jvm.args="-Xmx512m" \
 *   [-Doverhead.seconds=10] [-Doverhead.rounds=2] [-Doverhead.clients=8] [-Doverhead.jfr=true] \\
 *   [-Doverhead.args="--a.gateway.setting=value ..."]
 * </pre>
 *
 * Before the saturated phases it measures the gateway below saturation: one client, one request at a time, after a
 * warm-up of {@code overhead.warmup.small} small and {@code overhead.warmup.big} full requests on each path, then
 * {@code overhead.sequential} full requests on each path, interleaved (direct, API key, token, direct, ...), so that
 * the latency the gateway adds on an idle path is read from the same seconds of the same machine. With
 * {@code -Doverhead.saturated=false} only this sequential measure runs.
 *
 * <p>The table is written to {@code gateway-service/target/gateway-overhead.md}; with {@code overhead.jfr} a JDK Flight
 * Recording of one more gateway round (API key) goes to {@code gateway-service/target/gateway-overhead.jfr} and its
 * top frames on the event loops to the table. The gateway's log (its access log) goes to
 * {@code gateway-service/target/gateway-overhead.log}, not to the console.
 */
class GatewayOverheadBenchmark {

    private static final Logger log = LoggerFactory.getLogger(GatewayOverheadBenchmark.class);
    private static final String SECRET = "benchmark-internal-secret-of-at-least-32-chars";
    private static final String API_KEY = "swk_benchmark_0123456789abcdef0123456789abcdef";
    private static final byte[] ACCEPTED =
            "{\"accepted\":1000,\"rejected\":0,\"errors\":[]}".getBytes(StandardCharsets.UTF_8);

    /**
     * The sequential measure of one path: latency percentiles of requests sent one at a time, and the CPU time spent
     * while each was under way (the whole process, and Reactor Netty's event loops).
     */
    record Sequential(
            String name, long[] sortedNanos, double cpuMicrosPerRequest, double eventLoopCpuMicrosPerRequest) {

        long percentile(double p) {
            return sortedNanos.length == 0
                    ? 0
                    : sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.floor(sortedNanos.length * p))];
        }
    }

    /** One phase's figures. */
    record Figures(
            String name,
            long requests,
            long failed,
            double seconds,
            long p50Nanos,
            long p99Nanos,
            double cpuMicrosPerRequest,
            double eventLoopCpuMicrosPerRequest) {

        double rps() {
            return requests / seconds;
        }

        Figures plus(Figures other) {
            long n = requests + other.requests;
            return new Figures(
                    name,
                    n,
                    failed + other.failed,
                    seconds + other.seconds,
                    (p50Nanos * requests + other.p50Nanos * other.requests) / Math.max(1, n),
                    (p99Nanos * requests + other.p99Nanos * other.requests) / Math.max(1, n),
                    (cpuMicrosPerRequest * requests + other.cpuMicrosPerRequest * other.requests) / Math.max(1, n),
                    (eventLoopCpuMicrosPerRequest * requests + other.eventLoopCpuMicrosPerRequest * other.requests)
                            / Math.max(1, n));
        }
    }

    @Test
    void gatewayVersusDirect() throws Exception {
        int seconds = Integer.getInteger("overhead.seconds", 10);
        int rounds = Integer.getInteger("overhead.rounds", 2);
        int clients = Integer.getInteger("overhead.clients", 8);
        boolean jfr = Boolean.getBoolean("overhead.jfr");
        boolean saturated = Boolean.parseBoolean(System.getProperty("overhead.saturated", "true"));
        int sequential = Integer.getInteger("overhead.sequential", 300);

        // JDK HttpServer answers small responses late (Nagle's algorithm against delayed ACKs, ~40 ms) unless told not
        // to; a real service (Tomcat, Netty) sets TCP_NODELAY
        System.setProperty("sun.net.httpserver.nodelay", "true");
        TestTokens tokens = TestTokens.shared();
        // valid for 5 minutes: long enough for a run
        String keyToken = tokens.builder("apikey:bench", "default", Role.INGEST)
                .kind(AuthKind.API_KEY)
                .sign();
        String userToken = tokens.token("bench@default", "default", Role.INGEST);
        HttpServer auth = server(() -> {
            String body =
                    "{\"subject\":\"apikey:bench\",\"org\":\"default\",\"roles\":[\"ingest\"],\"kind\":\"api_key\","
                            + "\"key_id\":\"bench\",\"access_token\":\"" + keyToken + "\",\"token_type\":\"Bearer\","
                            + "\"expires_in\":300,\"cache_ttl_seconds\":10}";
            return body.getBytes(StandardCharsets.UTF_8);
        });
        HttpServer logging = server(() -> ACCEPTED);
        String loggingUrl = "http://127.0.0.1:" + logging.getAddress().getPort();
        // command-line arguments: they win over application.yml (SpringApplicationBuilder.properties would not)
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--shopwatch.dev-mode=true",
                "--shopwatch.gateway.auth.internal-secret=" + SECRET,
                "--shopwatch.gateway.auth.jwks-url=" + tokens.jwksUrl(),
                "--shopwatch.gateway.services.auth=http://127.0.0.1:"
                        + auth.getAddress().getPort(),
                "--shopwatch.gateway.services.logging=" + loggingUrl,
                // the gateway's log lines (the access log: one per request) to a file of its own, as in a deployment;
                // on the console they would go through Surefire's capture of the test's output, which costs
                // milliseconds a line on a busy machine and is not what the gateway costs
                "--logging.file.name=" + Path.of("target", "gateway-overhead.log"),
                "--logging.threshold.console=WARN"));
        // more gateway settings to try, e.g. -Doverhead.args=--spring.reactor.context-propagation=limited
        for (String extra : System.getProperty("overhead.args", "").split("\\s+")) {
            if (!extra.isBlank()) {
                args.add(extra);
            }
        }
        try (ConfigurableApplicationContext gateway =
                new SpringApplicationBuilder(GatewayServiceApplication.class).run(args.toArray(String[]::new))) {
            String gatewayUrl = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
            byte[] body = body(Integer.getInteger("overhead.records", 1000));
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest direct = request(loggingUrl, body, "Authorization", "Bearer " + keyToken);
            HttpRequest viaKey = request(gatewayUrl, body, "X-API-Key", API_KEY);
            HttpRequest viaToken = request(gatewayUrl, body, "Authorization", "Bearer " + userToken);

            prime(http, viaKey);
            prime(http, viaToken);
            byte[] small = body(1);
            warmUp(
                    http,
                    Integer.getInteger("overhead.warmup.small", 3000),
                    request(loggingUrl, small, "Authorization", "Bearer " + keyToken),
                    request(gatewayUrl, small, "X-API-Key", API_KEY),
                    request(gatewayUrl, small, "Authorization", "Bearer " + userToken));
            warmUp(http, Integer.getInteger("overhead.warmup.big", 300), direct, viaKey, viaToken);
            if (saturated) {
                phase(http, "warm-up direct", direct, clients, Math.max(2, seconds / 2));
                phase(http, "warm-up gateway", viaKey, clients, seconds);
                phase(http, "warm-up gateway (token)", viaToken, clients, Math.max(2, seconds / 2));
            }
            String idle = sequential(http, sequential, body.length, direct, viaKey, viaToken);
            if (!saturated) {
                Files.writeString(Path.of("target", "gateway-overhead.md"), idle);
                log.info("\n{}", idle);
                return;
            }

            Figures d = null;
            Figures k = null;
            Figures t = null;
            for (int round = 0; round < rounds; round++) {
                d = sum(d, phase(http, "direct", direct, clients, seconds));
                k = sum(k, phase(http, "gateway, X-API-Key", viaKey, clients, seconds));
                t = sum(t, phase(http, "gateway, bearer token", viaToken, clients, seconds));
            }
            // the same once more with the access log off: one synchronous console line per request
            LoggingSystem.get(getClass().getClassLoader()).setLogLevel(AccessLogFilter.LOGGER, LogLevel.OFF);
            Figures quietKey = phase(http, "gateway, X-API-Key, access log off", viaKey, clients, seconds);
            Figures quietDirect = phase(http, "direct (again)", direct, clients, seconds);
            LoggingSystem.get(getClass().getClassLoader()).setLogLevel(AccessLogFilter.LOGGER, LogLevel.INFO);
            String profile = "";
            if (jfr) {
                Path file = Path.of("target", "gateway-overhead.jfr");
                try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
                    recording.start();
                    phase(http, "gateway, X-API-Key (profiled)", viaKey, clients, seconds);
                    recording.stop();
                    recording.dump(file);
                }
                profile = "\n```\n" + topFrames(file, 15) + "```\n";
                log.info("flight recording: {}", file.toAbsolutePath());
            }
            String table = idle
                    + table(clients, body.length, d, k, t)
                    + table(clients, body.length, quietDirect, quietKey, quietKey)
                            .lines()
                            .filter(line -> line.contains("access log off"))
                            .filter(line -> !line.startsWith("gateway, X-API-Key, access log off vs direct")
                                    || line.contains("req/s"))
                            .distinct()
                            .reduce("", (a, b) -> a + b + "\n")
                    + profile;
            Files.writeString(Path.of("target", "gateway-overhead.md"), table);
            log.info("\n{}", table);
        } finally {
            auth.stop(0);
            logging.stop(0);
        }
    }

    /**
     * The recording's execution samples taken on the gateway's event loops ({@code reactor-http-*}), by the frame on
     * top of the stack and by the first frame outside the JDK, Netty and Reactor (the code that asked for the work).
     */
    static String topFrames(Path file, int limit) throws IOException {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> caller = new HashMap<>();
        int gateway = 0;
        int all = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            all++;
            RecordedThread thread = event.getThread("sampledThread");
            if (thread == null
                    || thread.getJavaName() == null
                    || !thread.getJavaName().startsWith("reactor-http")) {
                continue;
            }
            gateway++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            top.merge(name(frames.get(0)), 1, Integer::sum);
            frames.stream()
                    .map(GatewayOverheadBenchmark::name)
                    .filter(name -> !name.startsWith("java.")
                            && !name.startsWith("jdk.")
                            && !name.startsWith("sun.")
                            && !name.startsWith("io.netty.")
                            && !name.startsWith("reactor."))
                    .findFirst()
                    .ifPresent(name -> caller.merge(name, 1, Integer::sum));
        }
        return String.format("execution samples: %d, on the gateway's event loops: %d%n", all, gateway)
                + "top frames (event loops):\n" + ranked(top, gateway, limit)
                + "first frame outside JDK/Netty/Reactor (event loops):\n" + ranked(caller, gateway, limit);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String ranked(Map<String, Integer> counts, int total, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .map(e -> String.format(
                        "  %5d  %4.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / Math.max(1, total), e.getKey()))
                .reduce("", String::concat);
    }

    /**
     * CPU time used so far by Reactor Netty's threads ({@code reactor-http-*}: the gateway's server and its client to
     * the services; the benchmark's clients and fake services run on other threads). Unlike the whole process's CPU
     * time it leaves out the clients, the service and the JIT, and unlike the rate it hardly depends on what else the
     * machine runs.
     */
    private static long eventLoopCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("reactor-http")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static Figures sum(Figures total, Figures next) {
        return total == null ? next : total.plus(next);
    }

    /** The JDK, the cores and the load average now, for the head of a table. */
    private static String machine() {
        return String.format(
                "%s on %d cores, load average %.2f at the end",
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String table(int clients, int bodyBytes, Figures direct, Figures key, Figures token) {
        StringBuilder out = new StringBuilder()
                .append(String.format(
                        "%d clients, POST /api/v1/logs, %,d B bodies (1,000 × ~500 B records), %s%n%n",
                        clients, bodyBytes, machine()))
                .append("| path | req/s (200) | p50 | p99 | CPU per request (whole process) | CPU per request"
                        + " (Reactor Netty event loops) | not 200 |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Figures f : List.of(direct, key, token)) {
            out.append(String.format(
                    "| %s | %,.0f | %.1f ms | %.1f ms | %,.0f µs | %,.0f µs | %d |%n",
                    f.name(),
                    f.rps(),
                    f.p50Nanos() / 1e6,
                    f.p99Nanos() / 1e6,
                    f.cpuMicrosPerRequest(),
                    f.eventLoopCpuMicrosPerRequest(),
                    f.failed()));
        }
        for (Figures f : List.of(key, token)) {
            out.append(String.format(
                    "%n%s vs direct: %.2f× the req/s, +%.1f ms p50, +%.1f ms p99, +%,.0f µs CPU per request",
                    f.name(),
                    f.rps() / direct.rps(),
                    (f.p50Nanos() - direct.p50Nanos()) / 1e6,
                    (f.p99Nanos() - direct.p99Nanos()) / 1e6,
                    f.cpuMicrosPerRequest() - direct.cpuMicrosPerRequest()));
        }
        return out.append('\n').toString();
    }

    /**
     * One request at a time until one is answered 200: the gateway's first API-key exchange and token check (JWK set
     * fetch, a cold HTTP client) may take longer than the exchange's time limit on a busy machine.
     */
    private static void prime(HttpClient http, HttpRequest request) throws Exception {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return;
            }
            if (attempt == 20) {
                throw new IllegalStateException(
                        "the gateway keeps answering " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(500);
        }
    }

    /** {@code count} times each request, one at a time, in turn; every answer must be 200. */
    private static void warmUp(HttpClient http, int count, HttpRequest... requests) throws Exception {
        for (int i = 0; i < count; i++) {
            for (HttpRequest request : requests) {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("warm-up: " + response.statusCode() + " "
                            + new String(response.body(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    /**
     * One client, one request at a time: {@code count} rounds of direct, API key, token. Reports each path's
     * p50/p99/max, what the gateway adds to the direct path's percentiles, and the CPU time spent while the requests
     * of a path were under way (the process's, and the event loops'; the gateway is otherwise idle, so this is the
     * CPU the requests cost, plus what the JIT and GC did meanwhile).
     */
    private static String sequential(HttpClient http, int count, int bodyBytes, HttpRequest... requests)
            throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String[] names = {"direct", "gateway, X-API-Key", "gateway, bearer token"};
        long[][] latencies = new long[requests.length][count];
        long[] cpu = new long[requests.length];
        long[] eventLoops = new long[requests.length];
        log.info("sequential measure: {} rounds", count);
        for (int i = 0; i < count; i++) {
            for (int r = 0; r < requests.length; r++) {
                long loopsBefore = eventLoopCpuNanos();
                long cpuBefore = os.getProcessCpuTime();
                long sent = System.nanoTime();
                HttpResponse<byte[]> response = http.send(requests[r], HttpResponse.BodyHandlers.ofByteArray());
                long took = System.nanoTime() - sent;
                cpu[r] += os.getProcessCpuTime() - cpuBefore;
                eventLoops[r] += eventLoopCpuNanos() - loopsBefore;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(names[r] + ": " + response.statusCode() + " "
                            + new String(response.body(), StandardCharsets.UTF_8));
                }
                latencies[r][i] = took;
            }
        }
        List<Sequential> paths = new ArrayList<>();
        for (int r = 0; r < requests.length; r++) {
            long[] sorted = latencies[r].clone();
            Arrays.sort(sorted);
            paths.add(new Sequential(names[r], sorted, cpu[r] / 1000.0 / count, eventLoops[r] / 1000.0 / count));
        }
        StringBuilder out = new StringBuilder()
                .append(String.format(
                        "Sequential, idle: 1 client, one request at a time, %d rounds (direct, key, token),"
                                + " %,d B bodies, %s%n%n",
                        count, bodyBytes, machine()))
                .append("| path | p50 | p99 | max | added p50 | added p99 | CPU per request (whole process)"
                        + " | CPU per request (Reactor Netty event loops) |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        Sequential baseline = paths.get(0);
        for (Sequential path : paths) {
            boolean gateway = path != baseline;
            out.append(String.format(
                    "| %s | %.2f ms | %.2f ms | %.2f ms | %s | %s | %,.0f µs | %,.0f µs |%n",
                    path.name(),
                    path.percentile(0.5) / 1e6,
                    path.percentile(0.99) / 1e6,
                    path.sortedNanos()[path.sortedNanos().length - 1] / 1e6,
                    gateway ? String.format("%+.2f ms", (path.percentile(0.5) - baseline.percentile(0.5)) / 1e6) : "—",
                    gateway
                            ? String.format("%+.2f ms", (path.percentile(0.99) - baseline.percentile(0.99)) / 1e6)
                            : "—",
                    path.cpuMicrosPerRequest(),
                    path.eventLoopCpuMicrosPerRequest()));
        }
        String table = out.append('\n').toString();
        log.info("\n{}", table);
        return table;
    }

    /** {@code clients} clients sending {@code request} back to back for {@code seconds}. */
    private static Figures phase(HttpClient http, String name, HttpRequest request, int clients, int seconds)
            throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long cpuBefore = os.getProcessCpuTime();
        long eventLoopsBefore = eventLoopCpuNanos();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        AtomicLong failed = new AtomicLong();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        failed.incrementAndGet();
                        log.warn(
                                "{}: {} {}",
                                name,
                                response.statusCode(),
                                new String(response.body(), StandardCharsets.UTF_8));
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - sent;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> result : results) {
            all.add(result.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long eventLoops = eventLoopCpuNanos() - eventLoopsBefore;
        pool.shutdown();
        long[] sorted = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Figures figures = new Figures(
                name,
                sorted.length,
                failed.get(),
                elapsed,
                sorted.length == 0 ? 0 : sorted[sorted.length / 2],
                sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))],
                cpu / 1000.0 / Math.max(1, sorted.length),
                eventLoops / 1000.0 / Math.max(1, sorted.length));
        log.info(
                "{}: {} req/s, p50 {} ms, p99 {} ms, {} µs CPU/request, {} µs on Reactor Netty's event loops, {} not 200",
                name,
                String.format("%.0f", figures.rps()),
                String.format("%.1f", figures.p50Nanos() / 1e6),
                String.format("%.1f", figures.p99Nanos() / 1e6),
                String.format("%.0f", figures.cpuMicrosPerRequest()),
                String.format("%.0f", figures.eventLoopCpuMicrosPerRequest()),
                figures.failed());
        return figures;
    }

    private static HttpRequest request(String baseUrl, byte[] body, String header, String value) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/logs"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** A batch of {@code size} log records of about 500 bytes of JSON each, as storefronts send them. */
    static byte[] body(int size) {
        StringBuilder body = new StringBuilder(size * 502).append('[');
        String padding = "x".repeat(260);
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"id\":\"b-")
                    .append(i)
                    .append("\",\"level\":\"INFO\",\"service\":\"checkout\",\"stream\":\"bench\",")
                    .append("\"message\":\"order placed for basket ")
                    .append(i)
                    .append("\",\"attributes\":{\"order_id\":\"o-")
                    .append(i)
                    .append("\",\"amount\":129.5,\"currency\":\"CNY\",\"note\":\"")
                    .append(padding)
                    .append("\"}}");
        }
        return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A fake service: reads the whole request body, answers 200 with {@code answer} as JSON. */
    private static HttpServer server(Supplier<byte[]> answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "fake-service");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                try (InputStream in = exchange.getRequestBody()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                byte[] body = answer.get();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return server;
    }
}
