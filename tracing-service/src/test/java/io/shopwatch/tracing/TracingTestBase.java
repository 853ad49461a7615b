package io.shopwatch.tracing;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.security.Role;
import io.shopwatch.store.EmbeddedStoreServer;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running service with token checks, a real broker, and a small body limit; every test class extending it shares
 * one Spring context. Each test uses trace ids of its own.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"shopwatch.tracing.max-body-size=64KB", "logging.level.org.apache.kafka=WARN"})
@EmbeddedKafka(
        partitions = 2,
        topics = {Topics.SPANS_RAW, Topics.METRICS_RAW},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class TracingTestBase {

    protected static final String ORG = "shop-a";

    private static final String STORE_USER = "tracing@example.com";
    private static final String STORE_PASSWORD = "tracing-secret";
    protected static final EmbeddedStoreServer STORE = startStore();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("shopwatch.openobserve.url", STORE::url);
        registry.add("shopwatch.openobserve.user", () -> STORE_USER);
        registry.add("shopwatch.openobserve.password", () -> STORE_PASSWORD);
    }

    /**
     * The embedded store, in this JVM for the whole run. It checks its Basic credentials itself, so common's token
     * checks are switched off for it alone (a system property that is gone before the service's context starts).
     */
    private static synchronized EmbeddedStoreServer startStore() {
        System.setProperty("shopwatch.security.enabled", "false");
        try {
            return EmbeddedStoreServer.start(Files.createTempDirectory("tracing-store"), STORE_USER, STORE_PASSWORD, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            System.clearProperty("shopwatch.security.enabled");
        }
    }

    /** A client of the store for one org, as the pipeline writes to it. */
    protected static OpenObserveClient storeClient(String org) {
        return new OpenObserveClient(OpenObserveClientSettings.builder(STORE.url())
                .org(org)
                .basicAuth(STORE_USER, STORE_PASSWORD)
                .build());
    }

    @LocalServerPort
    protected int port;

    @Value("${spring.kafka.bootstrap-servers}")
    protected String bootstrap;

    protected final HttpClient http = HttpClient.newHttpClient();

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    protected static String ingestToken() {
        return TestTokens.shared().token(ORG, Role.INGEST);
    }

    protected static String viewerToken() {
        return TestTokens.shared().token(ORG, Role.VIEWER);
    }

    protected HttpResponse<byte[]> post(String path, String contentType, byte[] body, String token, String... headers)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    protected HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The span envelopes of some traces on {@code shopwatch.spans.raw}, read from the beginning until {@code count}. */
    protected List<ConsumerRecord<String, Envelope>> spans(List<String> traceIds, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<ConsumerRecord<String, Envelope>> found = new ArrayList<>();
        var deserializer = new EnvelopeSerde().deserializer();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SPANS_RAW));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (traceIds.contains(r.key())) {
                        Envelope envelope = deserializer.deserialize(r.topic(), r.value());
                        found.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), envelope));
                    }
                }
            }
        }
        return found;
    }

    /** The metric envelopes of an org on {@code shopwatch.metrics.raw}, read from the beginning until {@code count}. */
    protected List<Envelope> metricEnvelopes(String org, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<Envelope> found = new ArrayList<>();
        var deserializer = new EnvelopeSerde().deserializer();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.METRICS_RAW));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key().startsWith(org + "/")) {
                        found.add(deserializer.deserialize(r.topic(), r.value()));
                    }
                }
            }
        }
        return found;
    }
}
