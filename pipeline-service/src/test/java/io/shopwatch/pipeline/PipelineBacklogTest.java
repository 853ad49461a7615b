package io.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.pipeline.flow.KafkaOutlet;
import io.shopwatch.pipeline.flow.PipelineListener;
import io.shopwatch.testkit.KafkaTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline application, in a child JVM with a small heap, against a backlog on a real broker (records of 500
 * bytes and some close to the record size limit, a few above it) and a real HTTP store in this JVM: the process
 * stays alive, every record is stored exactly once, the ones above the limit are dead-lettered with their size as the
 * reason, and the consumer lag reaches zero.
 */
@EmbeddedKafka(
        partitions = 2,
        topics = {Topics.LOGS_RAW, "shopwatch.logs.raw.dlq", Topics.STORED})
class PipelineBacklogTest {

    private static final int RECORDS = 60_000;
    private static final int NEAR_LIMIT = 40;
    private static final int OVER_LIMIT = 5;
    private static final int MAX_RECORD_BYTES = 256 * 1024;
    private static final String HEAP = "-Xmx64m";
    private static final String GROUP = "backlog-test";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(PipelineBacklogTest.class);

    private final Map<String, AtomicInteger> stored = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    /** The pipeline's CPU time when the first store request arrived, in ns (-1 before). */
    private final AtomicLong cpuAtFirstRequest = new AtomicLong(-1);

    private HttpServer store;
    private Process pipeline;

    @AfterEach
    void stop() throws InterruptedException {
        if (pipeline != null) {
            pipeline.destroy();
            pipeline.waitFor();
        }
        if (store != null) {
            store.stop(0);
        }
    }

    @Test
    void backlog_smallHeap_processStaysAlive_everyRecordStoredOnce_lagReachesZero(EmbeddedKafkaBroker broker)
            throws Exception {
        String bootstrap = broker.getBrokersAsString();
        Set<String> expected = produceBacklog(bootstrap);
        startStore();
        Path output = Files.createTempFile("pipeline-backlog", ".log");
        pipeline = startPipeline(bootstrap, output);

        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(pipeline.isAlive())
                            .as("the pipeline process is alive (its log: %s)", output)
                            .isTrue();
                    return stored.size() >= expected.size() && lag(bootstrap) == 0;
                });

        assertThat(pipeline.isAlive()).isTrue();
        long drainCpu = cpuNanos() - cpuAtFirstRequest.get();
        log.info(
                "pipeline process CPU while draining the backlog: {} µs per record ({} records, {} store requests)",
                String.format("%.1f", drainCpu / 1000.0 / stored.size()),
                stored.size(),
                requests.get());
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(stored.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        List<ConsumerRecord<String, byte[]>> dead =
                KafkaTestSupport.read(bootstrap, "shopwatch.logs.raw.dlq", OVER_LIMIT, Duration.ofSeconds(30));
        assertThat(dead).hasSize(OVER_LIMIT).allSatisfy(record -> {
            assertThat(header(record, KafkaOutlet.STAGE_HEADER)).isEqualTo(PipelineListener.SIZE_STAGE);
            assertThat(header(record, KafkaOutlet.REASON_HEADER))
                    .contains("larger than the limit of " + MAX_RECORD_BYTES);
            assertThat(record.value().length).isGreaterThan(MAX_RECORD_BYTES);
        });
    }

    /** Writes the backlog; returns the ids that must be stored. */
    private Set<String> produceBacklog(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        Set<String> expected = ConcurrentHashMap.newKeySet();
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        String padding = "x".repeat(260);
        String near = "n".repeat(MAX_RECORD_BYTES - 1024);
        String over = "o".repeat(MAX_RECORD_BYTES + 1024);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS + NEAR_LIMIT + OVER_LIMIT; i++) {
                String id = "b-" + i;
                String note = i < RECORDS ? padding : i < RECORDS + NEAR_LIMIT ? near : over;
                String value = "{\"id\":\"" + id + "\",\"org\":\"default\",\"stream\":\"backlog\",\"type\":\"LOG\","
                        + "\"timestamp\":" + (now - i) + ",\"payload\":{\"level\":\"INFO\",\"service\":\"checkout\","
                        + "\"message\":\"order placed for basket " + i + "\",\"attributes\":{\"order_id\":\"o-" + i
                        + "\",\"amount\":129.5,\"currency\":\"CNY\",\"note\":\"" + note + "\"}}}";
                producer.send(new ProducerRecord<>(Topics.LOGS_RAW, id, value.getBytes(StandardCharsets.UTF_8)));
                if (i < RECORDS + NEAR_LIMIT) {
                    expected.add(id);
                }
            }
            producer.flush();
        }
        return expected;
    }

    private Process startPipeline(String bootstrap, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                HEAP,
                "-XX:+ExitOnOutOfMemoryError",
                // e.g. -Dpipeline.backlog.jvm-arg=-XX:StartFlightRecording=filename=/tmp/pipeline.jfr to profile it
                System.getProperty("pipeline.backlog.jvm-arg", "-Dpipeline.backlog=true"),
                "-cp",
                System.getProperty("java.class.path"),
                PipelineServiceApplication.class.getName(),
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.kafka.consumer.group-id=" + GROUP,
                "--shopwatch.pipeline.topics=" + Topics.LOGS_RAW,
                "--shopwatch.openobserve.url=http://127.0.0.1:"
                        + store.getAddress().getPort(),
                "--shopwatch.openobserve.gzip-min-bytes=-1",
                "--shopwatch.security.enabled=false",
                "--shopwatch.dev-mode=true",
                "--shopwatch.pipeline.max-record-bytes=" + MAX_RECORD_BYTES,
                "--shopwatch.pipeline.dedup-max-bytes=4194304",
                "--logging.structured.format.console=",
                "--logging.level.root=WARN"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Unconsumed records of the pipeline's group on the raw topic. */
    private static long lag(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(Topics.LOGS_RAW, p), OffsetSpec.latest());
            }
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end :
                    admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += end.getValue().offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        }
    }

    // ---------------------------------------------------------------- the store: _json and _search over HTTP

    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");

    private void startStore() throws IOException {
        store = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        store.createContext("/api/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.endsWith("/_json")) {
                    ingest(exchange);
                } else if (path.endsWith("/_search")) {
                    search(exchange);
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        store.start();
    }

    private long cpuNanos() {
        return pipeline.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private void ingest(HttpExchange exchange) throws IOException {
        if (requests.incrementAndGet() == 1) {
            cpuAtFirstRequest.set(cpuNanos());
        }
        int count = 0;
        try (InputStream body = exchange.getRequestBody();
                JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not an array");
            }
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (depth == 1 && token == JsonToken.PROPERTY_NAME && "id".equals(parser.currentName())) {
                    parser.nextToken();
                    stored.computeIfAbsent(parser.getString(), k -> new AtomicInteger())
                            .incrementAndGet();
                    count++;
                }
            }
        }
        String stream = exchange.getRequestURI().getPath().split("/")[3];
        answer(
                exchange,
                "{\"code\":200,\"status\":[{\"name\":\"" + stream + "\",\"successful\":" + count + ",\"failed\":0}]}");
    }

    private void search(HttpExchange exchange) throws IOException {
        String sql = JSON.readTree(exchange.getRequestBody())
                .path("query")
                .path("sql")
                .asString();
        StringBuilder hits = new StringBuilder();
        Matcher ids = QUOTED.matcher(sql);
        while (ids.find()) {
            String id = ids.group(1).replace("''", "'");
            if (stored.containsKey(id)) {
                hits.append(hits.isEmpty() ? "" : ",")
                        .append("{\"id\":")
                        .append(JSON.writeValueAsString(id))
                        .append('}');
            }
        }
        answer(exchange, "{\"took\":1,\"hits\":[" + hits + "]}");
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
