package io.shopwatch.devstack;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingestion benchmark, against a running local stack: the raw Kafka producer's rate for 500-byte records, the
 * accept rate of logging-service's {@code POST /api/v1/logs} for batches of 1,000 such records, the pipeline's CPU
 * per record (process CPU time over records, and per stage), and freshness at a steady rate: from the HTTP answer to
 * the record's arrival on {@code shopwatch.stored}, which the pipeline publishes once the store acknowledged it (the
 * embedded store answers 200 only when the records are queryable). Prints a Markdown table.
 */
final class IngestBenchmark {

    private static final Logger log = LoggerFactory.getLogger(IngestBenchmark.class);
    private static final int RECORD_BYTES = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 1000;

    /** The gateway, the stack's one public entry. */
    private static final URI GATEWAY = URI.create("http://127.0.0.1:8080");

    private static final List<String> PATH_PROCESSES = List.of("logging", "kafka", "pipeline", "store");
    private static final String PIPELINE_GROUP =
            System.getenv().getOrDefault("PIPELINE_GROUP_ID", "shopwatch-pipeline");

    private final StackSettings settings;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final List<String[]> results = new ArrayList<>();

    private final StackLogin login;
    private double rawRate = Double.NaN;

    IngestBenchmark(StackSettings settings) {
        this.settings = settings;
        this.login = new StackLogin(settings, http);
    }

    int run(int records, int freshnessRate, int freshnessSeconds, String ingestUrl) throws Exception {
        warmUp(WARMUP_RECORDS, ingestUrl);
        rawProducer(records);
        httpAccept(records, ingestUrl);
        // each phase starts with the pipeline idle: the gateway phase's records would otherwise queue before the
        // freshness phase's, and the pipeline's writes would slow the store phase
        awaitPipelineIdle();
        freshness(freshnessRate, freshnessSeconds, ingestUrl);
        gatewayRatio(freshnessRate);
        awaitPipelineIdle();
        storeRatio(records);
        StringBuilder table = new StringBuilder("\n| measure | value | target |\n|---|---|---|\n");
        results.forEach(r -> table.append("| ")
                .append(r[0])
                .append(" | ")
                .append(r[1])
                .append(" | ")
                .append(r[2])
                .append(" |\n"));
        log.info("{}", table);
        return 0;
    }

    private void result(String measure, String value) {
        result(measure, value, "");
    }

    private void result(String measure, String value, String target) {
        results.add(new String[] {measure, value, target});
        log.info("  {}: {}", measure, value);
    }

    /**
     * Records posted and drained before anything is measured ({@code BENCH_WARMUP_RECORDS}, 0 for none): a stack
     * that has just started spends most of its CPU compiling its own code, which on this path multiplied the CPU per
     * record by five and freshness by thirty in the first run after start.
     */
    private static final int WARMUP_RECORDS =
            Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_RECORDS", "300000"));

    /**
     * Small requests ({@value #WARMUP_SMALL_BATCH} records) sent to logging-service and as many through the gateway
     * before anything is measured ({@code BENCH_WARMUP_REQUESTS}, 0 for none). The warm-up in 1,000-record batches
     * compiles the code run once per record; the code run once per request (the HTTP server, the filters, the
     * dispatch, the gateway's route) runs a thousand times less often and is compiled only after thousands of
     * requests, which a running service has long served. 15,000 is C2's threshold for a method's invocations and loop
     * iterations together ({@code Tier4CompileThreshold}): after 3,000 the gateway was still compiling its per-request
     * code through the measured phases (~250 compilations, 2.6 s of compile time in 30 s of the gateway phase).
     */
    private static final int WARMUP_REQUESTS =
            Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_REQUESTS", "15000"));

    private static final int WARMUP_SMALL_BATCH = 10;

    /** Returns the records accepted. */
    private long warmUpPerRequest(int requests, String url) throws Exception {
        if (requests <= 0) {
            return 0;
        }
        String key = ingestKey();
        return fromFourClients(requests, r -> {
            String body = body("bench_warmup", "s" + r, WARMUP_SMALL_BATCH);
            return post(url, body) + postWithKey(key, body);
        });
    }

    /** The stack's development ingest key, which the gateway takes as {@code X-API-Key}. */
    private String ingestKey() throws IOException {
        return Files.readString(DevIngestKey.file(settings)).trim();
    }

    /** Posts a batch through the gateway with the ingest key; returns the records accepted (duplicates included). */
    private long postWithKey(String key, String body) throws IOException, InterruptedException {
        return accepted(
                "the gateway",
                GATEWAY.resolve("/api/v1/logs").toString(),
                Map.of("X-API-Key", key),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Posts {@code records} through the gateway to logging-service, then waits until the pipeline is idle. The
     * gateway's code run for each part of a large body is not run by the small requests of the per-request warm-up.
     * Even so, in the first run on a started stack the gateway still compiled ~300 methods (4–7 s of compile time) in
     * the gateway ratio's phase, and about half as many or fewer in the second (docs/benchmarks.md). logging-service
     * runs the same code for these records whichever way they come; the small requests warm its direct path's
     * authentication.
     */
    private void warmUp(int records, String url) throws Exception {
        if (records <= 0) {
            result("warm-up before measuring", "none (BENCH_WARMUP_RECORDS=0): the figures include the JIT's work");
            return;
        }
        int batches = Math.max(1, records / BATCH);
        long start = System.nanoTime();
        String key = ingestKey();
        long accepted = fromFourClients(batches, b -> postWithKey(key, body("bench_warmup", "w" + b, BATCH)));
        long small = warmUpPerRequest(WARMUP_REQUESTS, url);
        awaitPipelineIdle();
        result(
                "per-request warm-up (BENCH_WARMUP_REQUESTS)",
                String.format(
                        "%,d requests of %d records to logging-service and as many through the gateway (%,d records)",
                        WARMUP_REQUESTS, WARMUP_SMALL_BATCH, small));
        result(
                "warm-up before measuring",
                String.format(
                        "%,d records posted through the gateway and drained in %.1f s (BENCH_WARMUP_RECORDS)",
                        accepted, (System.nanoTime() - start) / 1e9));
    }

    /** One client's step: sends request {@code i} and returns the records accepted. */
    @FunctionalInterface
    private interface Step {
        long send(int i) throws Exception;
    }

    /**
     * Runs {@code count} steps from four clients, each taking the next one as soon as its last one is answered;
     * returns the records accepted.
     */
    private static long fromFourClients(int count, Step step) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                clients.add(pool.submit(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < count) {
                        accepted.addAndGet(step.send((int) i));
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdown();
        }
        return accepted.get();
    }

    /**
     * Rounds of the yardstick and of the accept phase; each prints the median and every round. One round of 100,000
     * records lasts a quarter to one second, and single rounds of the raw producer on one stack ranged from 155,000
     * to 411,000 records/s: a ratio of two single rounds said more about the moment than about the path.
     */
    static final int ROUNDS = 3;

    /**
     * The broker's own ceiling for this machine: one producer, acks=all, idempotent, lz4, after a run of half as many
     * records that is not counted; the median of {@link #ROUNDS} rounds.
     */
    private void rawProducer(int records) throws Exception {
        // the launcher's producer code is compiled first, so that the yardstick is not measured on a cold JVM
        RawProducer.rate(settings, Math.max(1, records / 2), RECORD_BYTES);
        double[] rounds = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            rounds[round] = RawProducer.rate(settings, records, RECORD_BYTES);
        }
        rawRate = StoreIngestRatio.median(rounds);
        result(
                "raw Kafka producer, 500-byte records, acks=all",
                String.format("%,.0f records/s (median of %s)", rawRate, rates(rounds)),
                "— (the yardstick)");
        double sameRecords = RawProducer.rate(settings, records, benchmarkRecords());
        result(
                "raw Kafka producer, this benchmark's own JSON records, acks=all",
                String.format(
                        "%,.0f records/s (the 500 letters x above compress far better than records do)", sameRecords),
                "(informative)");
    }

    private static String rates(double[] rounds) {
        StringBuilder out = new StringBuilder();
        for (double rate : rounds) {
            out.append(out.isEmpty() ? "" : ", ").append(String.format("%,.0f", rate));
        }
        return out.toString();
    }

    /** The records {@link #body} writes, one value each, as the HTTP phases send them. */
    static List<byte[]> benchmarkRecords() {
        JsonNode batch = JSON.readTree(body("bench_raw", "r", BATCH));
        List<byte[]> values = new ArrayList<>(batch.size());
        for (JsonNode record : batch) {
            values.add(JSON.writeValueAsBytes(record));
        }
        return values;
    }

    /**
     * Four clients posting batches of 1,000 records as fast as they are answered, {@link #ROUNDS} rounds of
     * {@code records}, each after the pipeline drained the one before. The bodies are built before the clock starts,
     * as the raw producer's values are.
     */
    private void httpAccept(int records, String url) throws Exception {
        String stream = "bench_accept";
        int batches = Math.max(1, records / BATCH);
        Map<String, Long> cpuBefore = cpuByProcess();
        long storedBefore = pipelineStored();
        long accepted = 0;
        double[] rounds = new double[ROUNDS];
        double seconds = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<byte[]> bodies = new ArrayList<>(batches);
            for (int b = 0; b < batches; b++) {
                bodies.add(body(stream, "a" + round + "-" + b, BATCH).getBytes(StandardCharsets.UTF_8));
            }
            long start = System.nanoTime();
            long roundAccepted = fromFourClients(batches, b -> post(url, bodies.get(b)));
            double roundSeconds = (System.nanoTime() - start) / 1e9;
            accepted += roundAccepted;
            seconds += roundSeconds;
            rounds[round] = roundAccepted / roundSeconds;
            if (round < ROUNDS - 1) {
                awaitStored(storedBefore + accepted);
            }
        }
        double acceptRate = StoreIngestRatio.median(rounds);
        result(
                "POST /api/v1/logs accepted, 4 clients, batches of 1,000 × 500 B",
                String.format(
                        "%,.0f records/s (%.2f× the raw producer; median of %s; %,d records in %.1f s)",
                        acceptRate, acceptRate / rawRate, rates(rounds), accepted, seconds),
                "≥ 0.5× the raw producer");
        // let the pipeline drain what was accepted, then charge its CPU to those records
        awaitStored(storedBefore + accepted);
        long stored = pipelineStored() - storedBefore;
        Map<String, Long> cpuAfter = cpuByProcess();
        long cpu = cpuAfter.get("pipeline") - cpuBefore.get("pipeline");
        if (stored > 0 && cpu > 0) {
            result(
                    "pipeline CPU per record (process CPU time / records stored)",
                    String.format("%.1f µs", cpu / 1000.0 / stored),
                    "≤ 20 µs");
        }
        result("pipeline stages, average time per record", stageTimes());
        if (stored > 0) {
            StringBuilder byProcess = new StringBuilder();
            StringBuilder offPath = new StringBuilder();
            for (String process : new TreeSet<>(cpuAfter.keySet())) {
                long used = cpuAfter.get(process) - cpuBefore.getOrDefault(process, cpuAfter.get(process));
                (PATH_PROCESSES.contains(process) ? byProcess : offPath)
                        .append(String.format("%s %.1f µs; ", process, used / 1000.0 / stored));
            }
            result("CPU per record stored, by process (accept run and drain)", byProcess.toString());
            result(
                    "CPU per record stored, other processes (readers of shopwatch.stored and the rest)",
                    offPath.toString());
        }
    }

    /** Waits (up to five minutes) until the pipeline has stored {@code target} records since it started. */
    private void awaitStored(long target) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (pipelineStored() < target && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** CPU time so far of each process of the stack (those with a pid file), read at one moment. */
    private Map<String, Long> cpuByProcess() {
        Map<String, Long> cpu = new HashMap<>();
        PATH_PROCESSES.forEach(process -> cpu.put(process, cpuNanos(process)));
        try (Stream<Path> pids = Files.list(settings.pidDir())) {
            pids.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".pid"))
                    .map(name -> name.substring(0, name.length() - ".pid".length()))
                    .forEach(process -> cpu.putIfAbsent(process, cpuNanos(process)));
        } catch (IOException e) {
            // only the record path's processes, then
        }
        return cpu;
    }

    /** Waits, at most five minutes, until the pipeline has consumed everything on the raw topics. */
    private void awaitPipelineIdle() throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", settings.kafkaBootstrap()))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            String lag = pipelineLag(admin);
            while (!lag.equals("0") && System.nanoTime() < deadline) {
                Thread.sleep(500);
                lag = pipelineLag(admin);
            }
            log.info("  pipeline lag before the next phase: {}", lag);
        }
    }

    /**
     * The gateway's cost on the ingest path: the same requests through it and straight to logging-service, by 8
     * clients back to back (saturating the machine), then paced at {@code pacedRate} records per second.
     */
    private void gatewayRatio(int pacedRate) {
        try {
            String key = ingestKey();
            List<String[]> rows = new GatewayRatio(settings, http)
                    .run(GATEWAY, URI.create("http://127.0.0.1:8083"), key, 8, Duration.ofSeconds(24));
            String[] targets = {"≥ 0.8×", "≤ +5 ms at p99"};
            for (int i = 0; i < rows.size(); i++) {
                result(rows.get(i)[0], rows.get(i)[1], i < targets.length ? targets[i] : "");
            }
            awaitPipelineIdle();
            for (String[] row : new GatewayRatio(settings, http)
                    .paced(
                            GATEWAY,
                            URI.create("http://127.0.0.1:8083"),
                            key,
                            Math.max(1, pacedRate / 1000),
                            Duration.ofSeconds(24))) {
                result(row[0], row[1], "(informative: the same bar, below saturation)");
            }
        } catch (Exception e) {
            result("gateway vs direct", "not measured: " + e.getMessage(), "≥ 0.8×, ≤ +5 ms at p99");
        }
    }

    /** The embedded store's _json ingest against a bare DuckDB appender given the same rows. */
    private void storeRatio(int records) {
        try {
            List<String[]> rows = new StoreIngestRatio()
                    .run(
                            URI.create("http://127.0.0.1:5080"),
                            settings.storeUser(),
                            settings.storePassword(),
                            Math.min(records, 100_000));
            for (String[] row : rows) {
                result(
                        row[0],
                        row[1],
                        row[0].equals("store vs bare appender")
                                ? "≥ 0.8×"
                                : row[0].contains("cold")
                                        ? "(informative: before the store's per-request code is compiled)"
                                        : "");
            }
        } catch (Exception e) {
            result("store vs bare appender", "not measured: " + e.getMessage(), "≥ 0.8×");
        }
    }

    /**
     * A steady rate for a while; latency from the HTTP answer to the record on the stored topic. Runs of two minutes
     * or more also print, every minute, the pipeline's consumer lag and heap, and at the end each minute's freshness.
     */
    private void freshness(int rate, int seconds, String url) throws Exception {
        String stream = "bench_fresh_" + UUID.randomUUID().toString().substring(0, 6);
        int batchesPerSecond = Math.max(1, rate / BATCH);
        int batchesPerMinute = batchesPerSecond * 60;
        int total = batchesPerSecond * seconds;
        int minutes = (total + batchesPerMinute - 1) / batchesPerMinute;
        LatencyHistogram[] byMinute = new LatencyHistogram[minutes];
        Arrays.setAll(byMinute, m -> new LatencyHistogram());
        AtomicLongArray acceptedAt = new AtomicLongArray(total);
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(
                () -> readStored(stream, acceptedAt, b -> byMinute[b / batchesPerMinute], reading),
                "bench-stored-reader");
        reader.start();
        Thread.sleep(3000); // the reader joins at the end of the topic
        boolean perMinute = seconds >= 120;
        List<String> samples = new ArrayList<>();
        long interval = 1_000_000_000L / batchesPerSecond;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> sends = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", settings.kafkaBootstrap()))) {
            long start = System.nanoTime();
            for (int b = 0; b < total; b++) {
                long due = start + b * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (perMinute && b > 0 && b % batchesPerMinute == 0) {
                    samples.add(sample(admin, b / batchesPerMinute, byMinute[b / batchesPerMinute - 1]));
                }
                int batch = b;
                sends.add(pool.submit(() -> {
                    post(url, body(stream, "f" + batch, BATCH));
                    acceptedAt.set(batch, System.nanoTime());
                    return null;
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
            pool.shutdown();
            long expected = (long) total * BATCH;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (seen(byMinute) < expected && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            if (perMinute) {
                samples.add(sample(admin, minutes, byMinute[minutes - 1]));
            }
            reading.set(false);
            reader.join();
            LatencyHistogram all = new LatencyHistogram();
            for (LatencyHistogram minute : byMinute) {
                all.addAll(minute);
            }
            if (all.count() == 0) {
                result("freshness", "no record arrived on " + Topics.STORED, "p99 < 2 s");
                return;
            }
            result(
                    String.format(
                            "freshness at %,d records/s for %d s, HTTP answer → stored and searchable", rate, seconds),
                    String.format(
                            "p50 %d ms, p99 %d ms, max %d ms (%,d of %,d records seen)",
                            all.percentile(0.5), all.percentile(0.99), all.max(), all.count(), expected),
                    "p99 < 2 s, nothing lost");
            if (perMinute) {
                StringBuilder table = new StringBuilder(
                        "\n| minute | records seen | freshness p50 / p99 / max | at the minute's end |\n|---|---|---|---|\n");
                for (int m = 0; m < minutes; m++) {
                    table.append(String.format(
                            "| %d | %,d | %d / %d / %d ms | %s |%n",
                            m + 1,
                            byMinute[m].count(),
                            byMinute[m].percentile(0.5),
                            byMinute[m].percentile(0.99),
                            byMinute[m].max(),
                            m < samples.size() ? samples.get(m) : ""));
                }
                log.info("{}", table);
            }
        }
    }

    private static long seen(LatencyHistogram[] byMinute) {
        long n = 0;
        for (LatencyHistogram minute : byMinute) {
            n += minute.count();
        }
        return n;
    }

    /** What the pipeline looks like at a minute mark: consumer lag, heap after the last collection, heap in use. */
    private String sample(Admin admin, int minute, LatencyHistogram lastMinute) {
        String line = String.format(
                "lag %s records, pipeline heap after GC %s, heap used %s",
                pipelineLag(admin),
                pipelineMetric("jvm_gc_live_data_size_bytes", ""),
                pipelineMetric("jvm_memory_used_bytes", "area=\"heap\""));
        log.info(
                "  minute {}: {}; freshness so far p99 {} ms ({} records)",
                minute,
                line,
                lastMinute.percentile(0.99),
                lastMinute.count());
        return line;
    }

    private String pipelineLag(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(PIPELINE_GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                    lag += Math.max(
                            0,
                            ends.get(entry.getKey()).offset() - entry.getValue().offset());
                }
            }
            return String.format("%,d", lag);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    /** Sum of one gauge's series on the pipeline's /actuator/prometheus whose labels contain a filter, in MB. */
    private String pipelineMetric(String name, String labelFilter) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8086/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            double sum = 0;
            boolean found = false;
            for (String line : http.send(request, HttpResponse.BodyHandlers.ofString())
                    .body()
                    .split("\n")) {
                if (line.startsWith(name) && line.contains(labelFilter)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? String.format("%.0f MB", sum / 1024 / 1024) : "?";
        } catch (IOException | RuntimeException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /**
     * Reads {@link Topics#STORED} from its end and charges each record of the stream to its batch: the record's key
     * names the stream and the envelope starts with the id, so other streams' records cost no parsing.
     */
    private void readStored(
            String stream, AtomicLongArray acceptedAt, IntFunction<LatencyHistogram> minuteOf, AtomicBoolean reading) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        Deserializer<Envelope> envelopes = new EnvelopeSerde().deserializer();
        Map<Integer, List<Long>> early = new HashMap<>();
        String key = "/" + stream;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.STORED));
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    if (record.key() == null || !record.key().endsWith(key)) {
                        continue;
                    }
                    String id = idOf(record.value(), envelopes);
                    int batch = freshnessBatch(id);
                    long accepted = acceptedAt.get(batch);
                    if (accepted == 0) {
                        early.computeIfAbsent(batch, k -> new ArrayList<>()).add(now);
                    } else {
                        minuteOf.apply(batch).add(now - accepted);
                    }
                }
                // records that reached the stored topic before their HTTP answer arrived count as zero latency
                for (Integer batch : List.copyOf(early.keySet())) {
                    if (acceptedAt.get(batch) != 0) {
                        early.remove(batch).forEach(t -> minuteOf.apply(batch).add(0));
                    }
                }
            }
        }
    }

    /** The envelope's id: read from its start ({@code {"id":"...}}), or by parsing it when written otherwise. */
    private static String idOf(byte[] value, Deserializer<Envelope> envelopes) {
        String head = new String(value, 0, Math.min(value.length, 96), StandardCharsets.UTF_8);
        if (head.startsWith("{\"id\":\"")) {
            int end = head.indexOf('"', 7);
            if (end > 7) {
                return head.substring(7, end);
            }
        }
        return envelopes.deserialize(Topics.STORED, value).id();
    }

    private long post(String url, String body) throws IOException, InterruptedException {
        return post(url, body.getBytes(StandardCharsets.UTF_8));
    }

    private long post(String url, byte[] body) throws IOException, InterruptedException {
        return accepted("logging-service", url, Map.of("Authorization", "Bearer " + login.token()), body);
    }

    /**
     * Posts a batch of records ({@link BatchPoster}) until it is answered 200, at most 20 times 200 ms apart while the
     * answer is 429 or 5xx; returns the records accepted (duplicates included).
     */
    private static long accepted(String to, String url, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            BatchPoster.Answer answer = BatchPoster.post(url, headers, body, Duration.ofSeconds(60));
            if (answer.status() == 200) {
                String text = answer.body();
                int at = text.indexOf("\"accepted\":");
                return Long.parseLong(text.substring(at + 11, text.indexOf(',', at)));
            }
            if (answer.status() / 100 == 4 && answer.status() != 429) {
                throw new IOException(to + " refused a batch: " + answer.status() + " " + answer.body());
            }
            Thread.sleep(200);
        }
        throw new IOException(to + " kept refusing a batch");
    }

    /**
     * Prefix of every record id of this run: the pipeline drops a record whose id it stored a few minutes before, so
     * two runs on one stack must not send the same ids (the second would wait for records counted as duplicates).
     */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** The freshness batch of a record id {@code <run>-f<batch>-<i>} (see {@link #body}). */
    static int freshnessBatch(String id) {
        int start = id.indexOf("-f") + 2;
        return Integer.parseInt(id.substring(start, id.indexOf('-', start)));
    }

    /** A batch of log records of about 500 bytes of JSON each, their ids unique to this run. */
    static String body(String stream, String batchId, int size) {
        StringBuilder body = new StringBuilder(size * (RECORD_BYTES + 2)).append('[');
        String padding = "x".repeat(260);
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"id\":\"")
                    .append(RUN)
                    .append('-')
                    .append(batchId)
                    .append('-')
                    .append(i)
                    .append("\",\"level\":\"INFO\",\"service\":\"checkout\",\"stream\":\"")
                    .append(stream)
                    .append("\",\"message\":\"order placed for basket ")
                    .append(i)
                    .append("\",\"attributes\":{\"order_id\":\"o-")
                    .append(i)
                    .append("\",\"amount\":129.5,\"currency\":\"CNY\",\"note\":\"")
                    .append(padding)
                    .append("\"}}");
        }
        return body.append(']').toString();
    }

    private long cpuNanos(String service) {
        try {
            long pid = Long.parseLong(Files.readString(settings.pidDir().resolve(service + ".pid"))
                    .trim());
            String[] stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"))
                    .split("\\) ")[1]
                    .split(" ");
            long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            return ticks * 10_000_000L; // USER_HZ = 100
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private long pipelineStored() {
        String stats = pipelineStats();
        int at = stats.indexOf("\"stored\":");
        return at < 0 ? 0 : Long.parseLong(stats.substring(at + 9, stats.indexOf(',', at)));
    }

    private String stageTimes() {
        try {
            Map<?, ?> stats = JsonMapper.builder().build().readValue(pipelineStats(), Map.class);
            Map<?, ?> stages = (Map<?, ?>) stats.get("stages");
            StringBuilder out = new StringBuilder();
            stages.forEach((stage, values) -> out.append(stage)
                    .append(' ')
                    .append(String.format(
                            "%.1f", ((Number) ((Map<?, ?>) values).get("avg_ns_per_record")).doubleValue() / 1000))
                    .append(" µs; "));
            return out.toString();
        } catch (RuntimeException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    private String pipelineStats() {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:8086/api/v1/pipeline/stats"))
                    .timeout(Duration.ofSeconds(5));
            request.header("Authorization", "Bearer " + login.token());
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "{}";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "{}";
        }
    }
}
