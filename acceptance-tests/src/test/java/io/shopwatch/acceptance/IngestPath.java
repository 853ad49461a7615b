package io.shopwatch.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production ingest path, started once: a Kafka broker (KRaft, in this JVM), the embedded store, logging-service
 * and pipeline-service (each a process from its executable jar). Records are posted to logging-service's API with an
 * ingest token of their org, exactly as a storefront posts them; the pipeline normalises and stores them and publishes
 * them on {@value Topics#STORED}.
 *
 * <p>Both the pipeline and the store accept records up to {@link #ALLOWED_PAST} old (their defaults are 5 hours), so
 * that a test can post a day of history with explicit timestamps instead of waiting for it.
 */
final class IngestPath implements AutoCloseable {

    static final Duration ALLOWED_PAST = Duration.ofHours(72);

    private static final String USER = "acceptance@shopwatch.local";
    private static final String PASSWORD = "acceptance-store-password";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final EmbeddedKafkaKraftBroker broker;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private TcpRelay relay;
    private ServiceProcess storeProcess;
    private ServiceProcess logging;
    private ServiceProcess pipeline;
    private OpenObserveClient store;

    private IngestPath(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    private void launch() {
        Path work = work();
        String bootstrap = broker.getBrokersAsString();
        String jwks = TestTokens.shared().jwksUrl();
        // the three start side by side: the pipeline reaches the store (port 0, known later) through a relay
        relay = new TcpRelay();
        storeProcess = start(
                "embedded-store",
                jar("store"),
                work,
                Map.of(
                        "ZO_HTTP_PORT",
                        "0",
                        "ZO_DATA_DIR",
                        work.resolve("store-data").toString(),
                        "ZO_ROOT_USER_EMAIL",
                        USER,
                        "ZO_ROOT_USER_PASSWORD",
                        PASSWORD,
                        "ZO_INGEST_ALLOWED_UPTO",
                        Long.toString(ALLOWED_PAST.toHours())));
        logging = start(
                "logging-service",
                jar("logging"),
                work,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                        "AUTH_JWKS_URL", jwks,
                        "TAIL_ENABLED", "false",
                        // the first send fetches the topic's metadata, which takes a while on a loaded machine
                        "KAFKA_MAX_BLOCK_MS", "30000",
                        "OPENOBSERVE_USER", USER,
                        "OPENOBSERVE_PASSWORD", PASSWORD));
        pipeline = start(
                "pipeline-service",
                jar("pipeline"),
                work,
                Map.ofEntries(
                        Map.entry("KAFKA_BOOTSTRAP_SERVERS", bootstrap),
                        Map.entry("AUTH_JWKS_URL", jwks),
                        Map.entry("OPENOBSERVE_URL", "http://127.0.0.1:" + relay.port()),
                        Map.entry("OPENOBSERVE_USER", USER),
                        Map.entry("OPENOBSERVE_PASSWORD", PASSWORD),
                        Map.entry("OPENOBSERVE_GZIP_MIN_BYTES", "-1"),
                        Map.entry("PIPELINE_ALLOWED_PAST", ALLOWED_PAST.toHours() + "h"),
                        // small batches, handed over at once: the tests post a few thousand records
                        Map.entry("PIPELINE_FETCH_MIN_BYTES", "1"),
                        Map.entry("PIPELINE_FETCH_MAX_WAIT", "50ms")));
        logging.awaitReady("/actuator/health/readiness", START_TIMEOUT);
    }

    /**
     * Waits until the store and the pipeline are up (records posted before are in Kafka already and are stored
     * then).
     */
    void awaitStoring() {
        int storePort = storeProcess.awaitReady("/healthz", START_TIMEOUT);
        relay.target(storePort);
        store = new OpenObserveClient(OpenObserveClientSettings.builder("http://127.0.0.1:" + storePort)
                .credentials(OpenObserveCredentials.basic(USER, PASSWORD))
                .build());
        pipeline.awaitReady("/actuator/health/readiness", START_TIMEOUT);
    }

    /**
     * Starts the broker and the three services and returns once logging-service takes records; {@link #close()}
     * stops them.
     */
    static IngestPath start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(
                1,
                1,
                Topics.LOGS_RAW,
                Topics.EVENTS_RAW,
                Topics.METRICS_RAW,
                Topics.SPANS_RAW,
                Topics.LOGS_RAW + ".dlq",
                Topics.EVENTS_RAW + ".dlq",
                Topics.STORED);
        broker.afterPropertiesSet();
        IngestPath path = new IngestPath(broker);
        try {
            path.launch();
            return path;
        } catch (RuntimeException e) {
            path.close();
            throw e;
        }
    }

    private ServiceProcess start(String name, Path jar, Path work, Map<String, String> env) {
        ServiceProcess p = ServiceProcess.start(name, jar, work, env);
        processes.add(p);
        return p;
    }

    private static Path jar(String name) {
        String path = System.getProperty("acceptance.jar." + name);
        if (path == null) {
            throw new IllegalStateException("system property acceptance.jar." + name + " is not set (run through"
                    + " Maven: ./mvnw -pl acceptance-tests -am verify)");
        }
        return Path.of(path);
    }

    private static Path work() {
        try {
            Path base = Path.of(System.getProperty("acceptance.work", "target/acceptance"));
            Files.createDirectories(base);
            return Files.createTempDirectory(base.toAbsolutePath(), "run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts log records of {@code org} to {@code POST /api/v1/logs}; every record must be accepted. */
    void postLogs(String org, List<Map<String, Object>> records) {
        post("/api/v1/logs", org, records);
    }

    /** Posts behaviour events of {@code org} to {@code POST /api/v1/events}; every event must be accepted. */
    void postEvents(String org, List<Map<String, Object>> events) {
        post("/api/v1/events", org, events);
    }

    private void post(String path, String org, List<Map<String, Object>> records) {
        String token = TestTokens.shared().token("storefront@" + org, org, Role.INGEST);
        for (int from = 0; from < records.size(); from += 1000) {
            String body = JSON.writeValueAsString(records.subList(from, Math.min(records.size(), from + 1000)));
            int size = Math.min(records.size(), from + 1000) - from;
            // a 503 means "send it again": the records carry their ids, so a batch sent twice is stored once
            await().alias("POST " + path + " for " + org)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> accepted(path, token, body, size));
        }
    }

    private boolean accepted(String path, String token, String body, int size) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(logging.url() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() == 503) {
            return false;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("accepted").asInt())
                .as(response.body())
                .isEqualTo(size);
        return true;
    }

    /**
     * Posts {@code body} to logging-service's {@code path} as {@code org}'s ingest key would reach it through the
     * gateway (an ingest token of that org), and returns the answer as it came.
     */
    HttpResponse<String> postAsIngest(String path, String org, String contentType, byte[] body) {
        String token = TestTokens.shared().token("shipper@" + org, org, Role.INGEST);
        HttpRequest request = HttpRequest.newBuilder(URI.create(logging.url() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The number of records of {@code org}'s stream in the store with a time in [start, end); -1 before it exists. */
    long count(String org, String stream, Instant start, Instant end) {
        try {
            return store.forOrg(org)
                    .search(SearchRequest.sql("SELECT count(*) AS n FROM \"" + stream + "\"")
                            .range(start, end)
                            .build())
                    .singleLong("n");
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The client rules query through, as alert-service's OpenObserveRuleQueryExecutor does. */
    OpenObserveClient store() {
        return store;
    }

    /**
     * Reads {@value Topics#STORED} from its beginning until {@code done} holds for what was read (or the timeout
     * passes), as the pipeline published it.
     */
    List<Envelope> stored(Predicate<List<Envelope>> done, Duration timeout) {
        List<Envelope> out = new ArrayList<>();
        EnvelopeSerde.EnvelopeDeserializer deserializer = new EnvelopeSerde.EnvelopeDeserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.getBrokersAsString(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.STORED).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(deserializer.deserialize(r.topic(), r.value()));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
        // stop the services at once, then wait for each
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ServiceProcess p : processes) {
            stops.add(CompletableFuture.runAsync(p::close));
        }
        stops.forEach(CompletableFuture::join);
        if (relay != null) {
            relay.close();
        }
        broker.destroy();
    }
}
