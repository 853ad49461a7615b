package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.performance.stats.QueryStats;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark of the issue, not part of the suite: a dashboard of eight panels over the last 24 h loaded 20 times
 * straight from the store and 20 times through the frontend (same data, same moving "now"), answers compared; then 50
 * concurrent identical queries, counting what reaches the store. Run it alone (it widens the store's ingestion window
 * before the store starts):
 *
 * <pre>./mvnw -B -ntp -o -q -pl performance-service -am test -Dtest=DashboardBench -Dshopwatch.bench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * The figures are in the test's output file ({@code target/surefire-reports/*DashboardBench-output.txt}, lines
 * starting with {@code bench:}).
 */
@EnabledIfSystemProperty(named = "shopwatch.bench", matches = "true")
class DashboardBench extends FrontendTestSupport {

    private static final Logger log = LoggerFactory.getLogger(DashboardBench.class);

    static {
        // records up to 25 hours old (OpenObserve's default window is 5 hours); only effective if this class starts the
        // store
        System.setProperty("store.ingest-allowed-upto", "30");
    }

    /**
     * Records over the 24 h ({@code -Dshopwatch.bench.records=}): 100 million by default, about 1,160 a second, a shop
     * well below the sale-day rates the platform is built for (loaded in about three minutes; the store's directory is
     * deleted when the JVM ends). {@code 2000000} gives a quick run.
     */
    private static final int RECORDS = Integer.getInteger("shopwatch.bench.records", 100_000_000);

    /** Records per bulk request (about 11 MB of JSON). */
    private static final int BATCH = 100_000;

    /**
     * Loads of the moving range on each side before the 20 measured ones ({@code -Dshopwatch.bench.warmup=}, default
     * 20): both sides' code compiled by the optimising compiler, as in a service that has been running. The first of
     * them is the cold load.
     */
    private static final int WARMUP = Integer.getInteger("shopwatch.bench.warmup", 20);

    /** The measured loads of the moving range on each side. */
    private static final int MEASURED = 20;

    /** The first measured load, and the loads of the moving range in all. */
    private static final int FIRST = Math.max(1, WARMUP);

    private static final int LOADS = FIRST + MEASURED;

    private static final List<String> PANELS = List.of(
            "SELECT histogram(_timestamp, '30 minute') AS k, count(*) AS n FROM shop GROUP BY k ORDER BY k",
            "SELECT histogram(_timestamp, '30 minute') AS k, count(*) AS n FROM shop WHERE level = 'error' "
                    + "GROUP BY k ORDER BY k",
            "SELECT histogram(_timestamp, '30 minute') AS k, avg(latency) AS a FROM shop GROUP BY k ORDER BY k",
            "SELECT histogram(_timestamp, '1 hour') AS k, max(latency) AS m FROM shop GROUP BY k ORDER BY k DESC",
            "SELECT histogram(_timestamp, '10 minute') AS k, sum(amount) AS s FROM shop WHERE service = 'checkout' "
                    + "GROUP BY k ORDER BY k",
            "SELECT service, count(*) AS n FROM shop GROUP BY service ORDER BY n DESC LIMIT 10",
            "SELECT count(*) AS n, sum(amount) AS revenue FROM shop",
            "SELECT status, count(*) AS n FROM shop GROUP BY status ORDER BY status");

    @Test
    void dashboard_warmThroughTheFrontend_againstTheStore() throws Exception {
        String org = unique("bench");
        proxy().watch(org);
        Instant now = Instant.now();
        long loadStart = System.nanoTime();
        int total = load(org, RECORDS, now);
        long loadNanos = System.nanoTime() - loadStart;
        log.info("bench: load average at the start {}", loadAverage());
        log.info(
                "bench: loaded {} records over 24 h through the store's _json bulk path in {} ms ({} records/s)",
                total,
                millis(loadNanos),
                (long) (total / (loadNanos / 1e9)));

        // both sides reach the store through the same counting proxy, so each store query pays the same hop
        long[] direct = new long[LOADS];
        long[] frontend = new long[LOADS];
        long[] directPerPanel = new long[PANELS.size()];
        long[] frontendPerPanel = new long[PANELS.size()];
        List<List<byte[]>> directAnswers = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>();
        long directCpu = 0;
        long frontendCpu = 0;
        int storeBefore = proxy().count(org);
        for (int load = 0; load < LOADS; load++) {
            long end = micros(Instant.now());
            long start = end - 86_400_000_000L;
            ranges.add(new long[] {start, end});
            List<byte[]> answers = new ArrayList<>();
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            for (int p = 0; p < PANELS.size(); p++) {
                long p0 = System.nanoTime();
                answers.add(
                        send(proxy().url() + "/api/" + org + "/_search", "POST", searchBody(PANELS.get(p), start, end))
                                .body());
                if (load >= FIRST) {
                    directPerPanel[p] += System.nanoTime() - p0;
                }
            }
            direct[load] = System.nanoTime() - t0;
            if (load >= FIRST) {
                directCpu += cpuNanos() - c0;
            }
            directAnswers.add(answers);
        }
        int directQueries = proxy().count(org) - storeBefore;
        int mismatches = 0;
        storeBefore = proxy().count(org);
        int coldQueries = 0;
        int warmQueries = 0;
        int scanCountersDiffer = 0;
        long storeMillisWarm = 0;
        for (int load = 0; load < LOADS; load++) {
            // the same moving window, shifted by the time the direct phase took
            long shift = micros(Instant.now()) - ranges.get(0)[1];
            long start = ranges.get(load)[0] + shift;
            long end = ranges.get(load)[1] + shift;
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            List<byte[]> answers = new ArrayList<>();
            int queriesBefore = proxy().count(org);
            long storeMillisBefore = stats.snapshot(org).storeMillisTotal();
            for (int p = 0; p < PANELS.size(); p++) {
                long p0 = System.nanoTime();
                HttpResponse<byte[]> answer = frontendSearch(org, searchBody(PANELS.get(p), start, end));
                if (load >= FIRST) {
                    frontendPerPanel[p] += System.nanoTime() - p0;
                }
                assertThat(answer.statusCode()).isEqualTo(200);
                answers.add(answer.body());
            }
            frontend[load] = System.nanoTime() - t0;
            if (load >= FIRST) {
                frontendCpu += cpuNanos() - c0;
            }
            if (load == 0) {
                coldQueries = proxy().count(org) - queriesBefore;
            } else if (load >= FIRST) {
                warmQueries += proxy().count(org) - queriesBefore;
                storeMillisWarm += stats.snapshot(org).storeMillisTotal() - storeMillisBefore;
            }
            for (int p = 0; p < PANELS.size(); p++) {
                byte[] expected =
                        directSearch(org, searchBody(PANELS.get(p), start, end)).body();
                if (!withoutScanCounters(expected).equals(withoutScanCounters(answers.get(p)))) {
                    mismatches++;
                    if (mismatches <= 3) {
                        log.warn(
                                "bench: panel {} differs from the direct answer:\n direct:   {}\n frontend: {}",
                                p,
                                comparable(expected),
                                comparable(answers.get(p)));
                    }
                } else if (!comparable(expected).equals(comparable(answers.get(p)))) {
                    scanCountersDiffer++;
                }
            }
        }
        int storeQueries = proxy().count(org) - storeBefore; // the comparison queries go to the store directly
        log.info(
                "bench: {} records over 24 h, 8 panels x {} loads ({} measured after {} to warm up); direct: load median "
                        + "{} ms (first {} ms), {} store queries; frontend: cold load {} ms, warm load median {} ms, {} "
                        + "store queries; answers differing from a direct query of the same range: {}",
                total,
                LOADS,
                MEASURED,
                FIRST,
                millis(median(Arrays.copyOfRange(direct, FIRST, LOADS))),
                millis(direct[0]),
                directQueries,
                millis(frontend[0]),
                millis(median(Arrays.copyOfRange(frontend, FIRST, LOADS))),
                storeQueries,
                mismatches);
        log.info(
                "bench: moving range: answers equal but for the scan counters: {}; store time per warm load as the "
                        + "frontend timed its store queries (summed, though a panel's queries run side by side): {} ms",
                scanCountersDiffer,
                storeMillisWarm / MEASURED);
        log.info(
                "bench: moving range, store queries: cold load {}, measured warm loads {} ({} per warm load); warm ms "
                        + "per panel, direct: {}; frontend: {}",
                coldQueries,
                warmQueries,
                String.format("%.1f", warmQueries / (double) MEASURED),
                perPanel(directPerPanel, MEASURED),
                perPanel(frontendPerPanel, MEASURED));
        log.info(
                "bench: moving range, CPU of this JVM (store, proxy, frontend, client) per warm load: direct {} ms, "
                        + "frontend {} ms",
                cpuNanos() < 0 ? "n/a" : String.format("%.1f", directCpu / MEASURED / 1e6),
                cpuNanos() < 0 ? "n/a" : String.format("%.1f", frontendCpu / MEASURED / 1e6));
        assertThat(mismatches).isZero();
        repeatWarmLoads(org);

        storeCostByRange(org);
        fixedRange(org);
        parseAndKey(org);
        concurrentIdentical(org);
        log.info("bench: load average at the end {}", loadAverage());
    }

    /**
     * With {@code -Dshopwatch.bench.repeat=N}, N more warm loads of the moving range through the frontend, between two
     * log lines, for a profiler to attach to (they print only their median). With {@code -Dshopwatch.bench.marker=FILE},
     * the file says {@code repeating} while they run and {@code done} after them (the output file is written late).
     */
    private void repeatWarmLoads(String org) throws Exception {
        int repeat = Integer.getInteger("shopwatch.bench.repeat", 0);
        if (repeat <= 0) {
            return;
        }
        log.info("bench: repeating {} warm moving loads through the frontend", repeat);
        String marker = System.getProperty("shopwatch.bench.marker");
        if (marker != null) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(marker), "repeating\n");
        }
        long[] loads = new long[repeat];
        for (int load = 0; load < repeat; load++) {
            long end = micros(Instant.now());
            long t0 = System.nanoTime();
            for (String panel : PANELS) {
                frontendSearch(org, searchBody(panel, end - 86_400_000_000L, end));
            }
            loads[load] = System.nanoTime() - t0;
        }
        log.info(
                "bench: repeated warm moving loads done, median {} ms (first 20: {} ms, last 20: {} ms)",
                millis(median(loads)),
                millis(median(Arrays.copyOfRange(loads, 0, Math.min(20, repeat)))),
                millis(median(Arrays.copyOfRange(loads, Math.max(0, repeat - 20), repeat))));
        if (marker != null) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(marker), "done\n");
        }
    }

    /**
     * CPU time of this JVM so far (every thread: the store with its DuckDB threads, the test proxy, the frontend, the
     * client), or -1 when unknown: with other builds on the machine, wall-clock time says more about them than about
     * the code measured.
     */
    private static long cpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static String loadAverage() {
        return String.format(
                "%.2f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
    }

    /**
     * The same dashboard over a fixed range that ends before the freshness window (an absolute time range, yesterday's
     * incident): every warm load is a full hit, so its time is the frontend's own overhead (HTTP, parse, key, lookup,
     * merge of the pieces) with no store query at all.
     */
    private void fixedRange(String org) throws Exception {
        long end = micros(Instant.now().minusSeconds(600));
        long start = end - 86_400_000_000L;
        long[] direct = new long[20];
        long[] frontend = new long[20];
        long[] perPanel = new long[PANELS.size()];
        for (int load = 0; load < 20; load++) {
            long t0 = System.nanoTime();
            for (String panel : PANELS) {
                send(proxy().url() + "/api/" + org + "/_search", "POST", searchBody(panel, start, end));
            }
            direct[load] = System.nanoTime() - t0;
        }
        int before = proxy().count(org);
        int mismatches = 0;
        List<byte[]> last = new ArrayList<>();
        for (int load = 0; load < 20; load++) {
            last.clear();
            long t0 = System.nanoTime();
            for (int p = 0; p < PANELS.size(); p++) {
                long p0 = System.nanoTime();
                HttpResponse<byte[]> answer = frontendSearch(org, searchBody(PANELS.get(p), start, end));
                if (load > 0) {
                    perPanel[p] += System.nanoTime() - p0;
                }
                last.add(answer.body());
            }
            frontend[load] = System.nanoTime() - t0;
        }
        int storeQueries = proxy().count(org) - before;
        for (int p = 0; p < PANELS.size(); p++) {
            byte[] expected =
                    directSearch(org, searchBody(PANELS.get(p), start, end)).body();
            if (!withoutScanCounters(last.get(p)).equals(withoutScanCounters(expected))) {
                mismatches++;
            }
        }
        String panels = perPanel(perPanel, 19);
        log.info(
                "bench: fixed range (ends 10 min ago), 20 loads; direct: load median {} ms; frontend: cold {} ms, "
                        + "warm median {} ms ({} store queries in all); warm ms per panel: {}; answers differing: {}",
                millis(median(direct)),
                millis(frontend[0]),
                millis(median(Arrays.copyOfRange(frontend, 1, 20))),
                storeQueries,
                panels,
                mismatches);
        assertThat(mismatches).isZero();
    }

    /**
     * What one store query costs by the length of its range, straight to the store (no proxy): the median of 20 runs
     * of the first panel over the last minute, hour and 24 h, and the ungrouped count over the same ranges.
     */
    private void storeCostByRange(String org) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int panel : new int[] {0, 6}) {
            for (long seconds : new long[] {60, 3_600, 86_400}) {
                long[] took = new long[20];
                for (int i = 0; i < took.length; i++) {
                    long end = micros(Instant.now());
                    long t0 = System.nanoTime();
                    directSearch(org, searchBody(PANELS.get(panel), end - seconds * 1_000_000L, end));
                    took[i] = System.nanoTime() - t0;
                }
                line.append(String.format(" panel %d over %d s: %.1f ms;", panel, seconds, median(took) / 1e6));
            }
        }
        log.info("bench: one store query straight to the store (no proxy), median of 20:{}", line);
        // what a warm moving read of panel 0 asks: its minute-wide pieces query over the whole day, the cached middle
        // left out (the minute the start cuts, and the newest six minutes), against the same two ranges asked apart
        String pieces = io.shopwatch.performance.cache.AggregateShape.of(PANELS.get(0))
                .orElseThrow()
                .spanSql(60_000_000L);
        long[] combined = new long[20];
        long[] proxied = new long[20];
        long[] forwarded = new long[20];
        io.shopwatch.performance.store.StoreForwarder forwarder = new io.shopwatch.performance.store.StoreForwarder(
                proxy().url(), Duration.ofSeconds(5), Duration.ofSeconds(30));
        long[] apart = new long[20];
        for (int i = 0; i < combined.length; i++) {
            long end = micros(Instant.now());
            long start = end - 86_400_000_000L;
            long head = start + 60_000_000L;
            long tail = end - 360_000_000L;
            String excluding = io.shopwatch.performance.cache.ExcludedRanges.sql(
                            pieces, List.of(new long[] {head, tail}))
                    .orElseThrow();
            long t0 = System.nanoTime();
            directSearch(org, searchBody(excluding, start, end));
            combined[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            send(proxy().url() + "/api/" + org + "/_search", "POST", searchBody(excluding, start, end));
            proxied[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            forwarder.forward(
                    "POST",
                    "/api/" + org + "/_search",
                    BASIC,
                    "application/json",
                    searchBody(excluding, start, end).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            forwarded[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            directSearch(org, searchBody(pieces, start, head));
            directSearch(org, searchBody(pieces, tail, end));
            apart[i] = System.nanoTime() - t0;
        }
        log.info(
                "bench: panel 0's edge pieces (first minute and newest 6 minutes of 24 h), straight to the store, median "
                        + "of 20: one query leaving out the middle {} ms (through the test proxy: {} ms; sent by the "
                        + "frontend's StoreForwarder through the proxy: {} ms); the two ranges asked one after the other "
                        + "{} ms",
                String.format("%.1f", median(combined) / 1e6),
                String.format("%.1f", median(proxied) / 1e6),
                String.format("%.1f", median(forwarded) / 1e6),
                String.format("%.1f", median(apart) / 1e6));
    }

    /** The frontend's parse and key cost per request, measured in process (JSqlParser normalisation included). */
    private void parseAndKey(String org) {
        long end = micros(Instant.now());
        List<byte[]> bodies = new ArrayList<>();
        for (String panel : PANELS) {
            bodies.add(searchBody(panel, end - 86_400_000_000L, end).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (int warmup = 0; warmup < 200; warmup++) {
            bodies.forEach(body -> io.shopwatch.performance.cache.QueryPlanner.search(org, null, body));
        }
        int rounds = 500;
        long t0 = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            bodies.forEach(body -> io.shopwatch.performance.cache.QueryPlanner.search(org, null, body));
        }
        log.info(
                "bench: parse + key (QueryPlanner.search): {} us per request on average over the 8 panels",
                (System.nanoTime() - t0) / 1000 / rounds / bodies.size());
    }

    @Autowired
    QueryStats stats;

    @Value("${shopwatch.performance.fresh-ttl}")
    String freshTtl;

    /**
     * 50 identical reads of the top-10 panel over the last 24 h (ending now: never cached whole) that start together:
     * 50 threads, each with a client of its own whose keep-alive connection is already open (one uncounted request to
     * a cheap endpoint of the same server first), released at once by a latch; then the store queries that reached the
     * store are counted. The same 50 straight to the store, for comparison.
     */
    private void concurrentIdentical(String org) throws Exception {
        long end = micros(Instant.now());
        String body = searchBody(PANELS.get(5), end - 86_400_000_000L, end); // not cacheable whole: ends now
        int before = proxy().count(org);
        long frontendNanos = together(frontend("/api/" + org + "/_search"), frontend("/actuator/health"), body);
        int reached = proxy().count(org) - before;
        long directNanos = together(storeUrl() + "/api/" + org + "/_search", storeUrl() + "/healthz", body);
        log.info(
                "bench: 50 concurrent identical queries (threads started, sockets connected, released together): {} "
                        + "reached the store through the frontend ({} ms), 50 direct ({} ms); fresh-ttl {}",
                reached,
                millis(frontendNanos),
                millis(directNanos),
                freshTtl);
    }

    /**
     * Sends {@code body} to {@code url} from 50 callers released together; the time from release to last answer. Each
     * caller has a socket of its own, kept alive after one request to {@code warmUrl}, and its request written in one
     * piece: the least a caller can do between the release and its request reaching the server.
     */
    private static long together(String url, String warmUrl, String body) throws Exception {
        int callers = 50;
        URI target = URI.create(url);
        byte[] payload = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] request = ("POST " + target.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + BASIC
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] whole = new byte[request.length + payload.length];
        System.arraycopy(request, 0, whole, 0, request.length);
        System.arraycopy(payload, 0, whole, request.length, payload.length);
        byte[] warm = ("GET " + URI.create(warmUrl).getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CountDownLatch connected = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", target.getPort())) {
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(60_000);
                        java.io.OutputStream out = socket.getOutputStream();
                        java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                        out.write(warm);
                        out.flush();
                        readAnswer(in);
                        connected.countDown();
                        go.await();
                        out.write(whole);
                        out.flush();
                        return readAnswer(in);
                    }
                }));
            }
            assertThat(connected.await(60, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
            return System.nanoTime() - t0;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads one HTTP/1.1 answer (Content-Length or chunked body) and returns its status. */
    private static int readAnswer(java.io.InputStream in) throws java.io.IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        long length = 0;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            in.skipNBytes(length);
            return code;
        }
        for (long chunk = Long.parseLong(line(in).trim(), 16); chunk > 0; chunk = Long.parseLong(line(in).trim(), 16)) {
            in.skipNBytes(chunk);
            line(in);
        }
        line(in);
        return code;
    }

    private static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed");
            }
            if (c != '\r') {
                text.append((char) c);
            }
        }
        return text.toString();
    }

    /**
     * Loads {@code count} records over the 24 h before {@code now} minus a minute, oldest first (as a shop's logs
     * arrive: each record at a random instant of its own slot of 24 h / count), in requests of {@link #BATCH} records
     * to the store's {@code _json} path, which streams each body record by record into DuckDB's appender (the store's
     * bulk path). The values are those of a shop's access log: five services, 5 % errors, 10 % status 500, a latency
     * and an amount.
     */
    private static int load(String org, int count, Instant now) throws Exception {
        Random random = new Random(42);
        String[] services = {"catalog", "cart", "checkout", "payment", "search"};
        long newest = micros(now.minusSeconds(60));
        long oldest = newest - 86_400_000_000L;
        double slot = 86_400_000_000.0 / count;
        int loaded = 0;
        while (loaded < count) {
            int batch = Math.min(BATCH, count - loaded);
            StringBuilder body = new StringBuilder(batch * 110).append('[');
            for (int i = 0; i < batch; i++) {
                body.append(i == 0 ? "{" : ",{")
                        .append("\"_timestamp\":")
                        .append(oldest + (long) ((loaded + i + random.nextDouble()) * slot))
                        .append(",\"service\":\"")
                        .append(services[random.nextInt(services.length)])
                        .append("\",\"level\":\"")
                        .append(random.nextInt(20) == 0 ? "error" : "info")
                        .append("\",\"status\":")
                        .append(random.nextInt(10) == 0 ? 500 : 200)
                        .append(",\"latency\":")
                        .append(random.nextInt(900))
                        .append(",\"amount\":")
                        .append(random.nextInt(200))
                        .append('}');
            }
            body.append(']');
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(storeUrl() + "/api/" + org + "/shop/_json"))
                            .header("Authorization", BASIC)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofMinutes(5))
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("\"failed\":0")) {
                throw new IllegalStateException("bulk load failed: " + response.body());
            }
            loaded += batch;
        }
        return loaded;
    }

    /**
     * The answer without {@code took}, {@code trace_id} and the scan counters: a merged aggregate's counters are the
     * sum of its pieces' (what OpenObserve scanned for them adds up to a direct query's), but the embedded store
     * reports its returned rows as {@code scan_records}, which do not add up: the rows and every other field must be
     * equal.
     */
    private static JsonNode withoutScanCounters(byte[] body) {
        JsonNode node = comparable(body);
        if (node instanceof ObjectNode object) {
            object.remove("scan_records");
            object.remove("scan_size");
            object.remove("idx_scan_size");
        }
        return node;
    }

    private static String perPanel(long[] nanos, int loads) {
        StringBuilder panels = new StringBuilder();
        for (int p = 0; p < nanos.length; p++) {
            panels.append(p == 0 ? "" : ", ").append(String.format("%.1f", nanos[p] / loads / 1e6));
        }
        return panels.toString();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
