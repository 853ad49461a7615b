package io.shopwatch.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

/**
 * {@code ./shopwatch bench-metrics [samples]} against a running stack: Prometheus remote write into metrics-service
 * ({@code POST /api/default/prometheus/api/v1/write}, snappy-compressed protobuf as Prometheus sends it, 4 clients,
 * requests of 1,000 series × 5 samples) against the raw Kafka producer in the same run, then a cardinality attack:
 * 1,000,000 distinct values of one label, with metric-service's heap and the refusals by reason read before, during and
 * after. Prints a Markdown table.
 *
 * <p>The stack's default limit of samples per second per org ({@code METRICS_MAX_SAMPLES_PER_SECOND}, 10,000) caps the
 * first figure; start the stack with it raised to measure the service rather than the limit (the table says how many
 * requests were answered 429).
 */
final class RemoteWriteBenchmark {

    private static final Logger log = LoggerFactory.getLogger(RemoteWriteBenchmark.class);
    private static final String URL = "http://127.0.0.1:8084/api/default/prometheus/api/v1/write";
    private static final int SERIES_PER_CLIENT = 1000;
    private static final int SAMPLES_PER_SERIES = 5;
    private static final int CLIENTS = 4;
    private static final int CARDINALITY = 1_000_000;
    private static final int CARDINALITY_BATCH = 10_000;

    private final StackSettings settings;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final StackLogin login;
    private final List<String[]> results = new ArrayList<>();

    RemoteWriteBenchmark(StackSettings settings) {
        this.settings = settings;
        this.login = new StackLogin(settings, http);
    }

    int run(int samples) throws Exception {
        double raw = RawProducer.rate(settings, samples, 300);
        result(
                "raw Kafka producer, 300-byte records (a sample's envelope), acks=all",
                String.format("%,.0f records/s", raw));
        throughput(samples, raw);
        cardinality();
        StringBuilder table = new StringBuilder("\n| measure | value |\n|---|---|\n");
        results.forEach(
                r -> table.append("| ").append(r[0]).append(" | ").append(r[1]).append(" |\n"));
        log.info("{}", table);
        return 0;
    }

    private void result(String measure, String value) {
        results.add(new String[] {measure, value});
        log.info("  {}: {}", measure, value);
    }

    /** Four clients, each with its own 1,000 series, every request 5 samples per series one second apart. */
    private void throughput(int samples, double raw) throws Exception {
        int perRequest = SERIES_PER_CLIENT * SAMPLES_PER_SERIES;
        int requests = Math.max(CLIENTS, samples / perRequest);
        long base = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong limited = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicReference<String> firstRefusal = new AtomicReference<>();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                long round = 0;
                while (next.getAndIncrement() < requests) {
                    long from = base + round * SAMPLES_PER_SERIES * 1000L;
                    byte[] body =
                            writeRequest("bench_remote_write_total", "client", "c" + client, SERIES_PER_CLIENT, from);
                    Answer answer = send(body, limited);
                    if (answer.status() / 100 == 2) {
                        accepted.addAndGet(perRequest);
                    } else {
                        refused.addAndGet(perRequest);
                        firstRefusal.compareAndSet(null, answer.status() + " " + answer.body());
                    }
                    round++;
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = accepted.get() / seconds;
        result(
                "remote write accepted, 4 clients, requests of 1,000 series × 5 samples (snappy protobuf)",
                String.format(
                        "%,.0f samples/s (%.2f× the raw producer's records/s; %,d samples in %.1f s; %,d answers 429"
                                + " waited out; %,d samples refused%s)",
                        rate,
                        rate / raw,
                        accepted.get(),
                        seconds,
                        limited.get(),
                        refused.get(),
                        firstRefusal.get() == null ? "" : ", first: " + firstRefusal.get()));
    }

    /** One million distinct values of one label: the limits must hold and the heap must not grow with them. */
    private void cardinality() throws Exception {
        Map<String, Double> discardedBefore = discarded();
        long liveBefore = liveHeap();
        long rssBefore = rss();
        long now = System.currentTimeMillis();
        long accepted = 0;
        long refusedRequests = 0;
        String firstRefusal = null;
        long start = System.nanoTime();
        AtomicLong limited = new AtomicLong();
        StringBuilder heapAlongTheWay = new StringBuilder();
        for (int offset = 0; offset < CARDINALITY; offset += CARDINALITY_BATCH) {
            byte[] body = distinctValues(offset, CARDINALITY_BATCH, now);
            Answer answer = send(body, limited);
            if (answer.status() / 100 == 2) {
                accepted += CARDINALITY_BATCH;
            } else {
                refusedRequests++;
                if (firstRefusal == null) {
                    firstRefusal = answer.status() + " " + answer.body();
                }
            }
            if ((offset + CARDINALITY_BATCH) % 250_000 == 0) {
                heapAlongTheWay.append(
                        String.format("%,d values: %,d MiB; ", offset + CARDINALITY_BATCH, liveHeap() / (1024 * 1024)));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> discardedAfter = discarded();
        StringBuilder reasons = new StringBuilder();
        discardedAfter.forEach((reason, value) -> {
            double added = value - discardedBefore.getOrDefault(reason, 0.0);
            if (added > 0) {
                reasons.append(String.format("%s %,.0f; ", reason, added));
            }
        });
        result(
                "cardinality attack: 1,000,000 distinct values of one label, requests of 10,000",
                String.format(
                        "%.1f s; %,d samples accepted, %,d requests refused (first: %s); %,d answers 429 waited out",
                        seconds, accepted, refusedRequests, firstRefusal, limited.get()));
        result("samples discarded by reason during the attack", reasons.isEmpty() ? "none" : reasons.toString());
        result(
                "metrics-service heap after the last GC (jvm_gc_live_data_size_bytes), before / along the way / after",
                String.format(
                        "%,d MiB / %s/ %,d MiB",
                        liveBefore / (1024 * 1024), heapAlongTheWay, liveHeap() / (1024 * 1024)));
        result(
                "metrics-service resident memory, before / after",
                String.format("%,d / %,d MiB", rssBefore / 1024, rss() / 1024));
    }

    private record Answer(int status, String body) {}

    /** Posts a write request; a 429 is waited out (its Retry-After) and the request sent again. */
    private Answer send(byte[] protobuf, AtomicLong limited) throws IOException, InterruptedException {
        byte[] body = Snappy.compress(protobuf);
        for (int attempt = 0; attempt < 1000; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(URL))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + login.token())
                    .header("Content-Type", "application/x-protobuf")
                    .header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 429 && response.statusCode() != 503) {
                return new Answer(response.statusCode(), response.body());
            }
            limited.incrementAndGet();
            long wait = response.headers()
                    .firstValue("Retry-After")
                    .map(Long::parseLong)
                    .orElse(1L);
            Thread.sleep(Math.min(5, Math.max(1, wait)) * 1000L);
        }
        throw new IOException("metrics-service kept answering 429");
    }

    /** A WriteRequest of {@code series} series of one metric, each with 5 samples one second apart from {@code from}. */
    static byte[] writeRequest(String metric, String label, String value, int series, long from) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        for (int s = 0; s < series; s++) {
            Map<String, String> labels = new TreeMap<>();
            labels.put("__name__", metric);
            labels.put(label, value);
            labels.put("series", Integer.toString(s));
            long[] times = new long[SAMPLES_PER_SERIES];
            double[] values = new double[SAMPLES_PER_SERIES];
            for (int i = 0; i < SAMPLES_PER_SERIES; i++) {
                times[i] = from + i * 1000L;
                values[i] = (from / 1000 + i) % 1000;
            }
            field(request, 1, timeSeries(labels, values, times));
        }
        return request.toByteArray();
    }

    /** A WriteRequest of one sample for each of {@code count} distinct values of label {@code id}. */
    static byte[] distinctValues(int offset, int count, long at) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        for (int i = offset; i < offset + count; i++) {
            Map<String, String> labels = new TreeMap<>();
            labels.put("__name__", "bench_cardinality_total");
            labels.put("id", "value-" + i);
            field(request, 1, timeSeries(labels, new double[] {1}, new long[] {at}));
        }
        return request.toByteArray();
    }

    private static byte[] timeSeries(Map<String, String> labels, double[] values, long[] times) {
        ByteArrayOutputStream series = new ByteArrayOutputStream();
        labels.forEach((name, value) -> {
            ByteArrayOutputStream label = new ByteArrayOutputStream();
            field(label, 1, name.getBytes(StandardCharsets.UTF_8));
            field(label, 2, value.getBytes(StandardCharsets.UTF_8));
            field(series, 1, label.toByteArray());
        });
        for (int i = 0; i < values.length; i++) {
            ByteArrayOutputStream sample = new ByteArrayOutputStream();
            varint(sample, (1 << 3) | 1); // value: double, fixed64
            long bits = Double.doubleToLongBits(values[i]);
            for (int b = 0; b < 8; b++) {
                sample.write((int) (bits >>> (8 * b)) & 0xff);
            }
            varint(sample, 2 << 3); // timestamp: int64, varint
            varint(sample, times[i]);
            field(series, 2, sample.toByteArray());
        }
        return series.toByteArray();
    }

    /** A length-delimited protobuf field. */
    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        varint(out, (number << 3) | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** metrics-service's {@code shopwatch_discarded_samples_total} of org default, by reason. */
    private Map<String, Double> discarded() throws IOException, InterruptedException {
        Map<String, Double> byReason = new TreeMap<>();
        Matcher m = Pattern.compile("shopwatch_discarded_samples_total\\{([^}]*)}\\s+(\\S+)")
                .matcher(scrape());
        while (m.find()) {
            String labels = m.group(1);
            if (!labels.contains("org=\"default\"")) {
                continue;
            }
            Matcher reason = Pattern.compile("reason=\"([^\"]*)\"").matcher(labels);
            if (reason.find()) {
                byReason.merge(reason.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return byReason;
    }

    /** Bytes of heap live after metrics-service's last collection. */
    private long liveHeap() throws IOException, InterruptedException {
        Matcher m = Pattern.compile("jvm_gc_live_data_size_bytes\\{[^}]*}\\s+(\\S+)")
                .matcher(scrape());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    private String scrape() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8084/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + login.token())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** metrics-service's resident memory in KiB, from /proc. */
    private long rss() {
        try {
            long pid = Long.parseLong(
                    Files.readString(settings.pidDir().resolve("metrics.pid")).trim());
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not on Linux, or the process is gone
        }
        return -1;
    }
}
