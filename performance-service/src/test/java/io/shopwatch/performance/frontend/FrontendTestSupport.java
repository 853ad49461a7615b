package io.shopwatch.performance.frontend;

import static org.awaitility.Awaitility.await;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.performance.invalidation.StoredRecordFeed;
import io.shopwatch.store.EmbeddedStoreServer;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One service context for every frontend test: the embedded store in this JVM behind a counting {@link StoreProxy}, an
 * embedded Kafka with {@code shopwatch.stored} and {@code shopwatch.config.changes}, the config client following a
 * {@link FakeConfigService} (release 1 sets nothing), and the frontend on a random port. Each test uses its own org.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopwatch.performance.max-concurrent-per-org=4",
            "shopwatch.performance.budgets.interval=1s",
            "shopwatch.performance.budgets.limits[0].org=budgeted",
            "shopwatch.performance.budgets.limits[0].stream=web",
            "shopwatch.performance.budgets.limits[0].records-per-second=0.01"
        })
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.STORED, Topics.CONFIG_CHANGES},
        bootstrapServersProperty = "shopwatch.performance.invalidation.bootstrap-servers")
abstract class FrontendTestSupport {

    static {
        // before the first JDK HTTP server of this JVM (FakeConfigService's may start before StoreProxy's): the server
        // reads it once. Without TCP_NODELAY its answers' bodies wait for the client's delayed ACK, about 40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    static final String USER = "root@example.com";
    static final String PASSWORD = "Complexpass#123";
    static final String BASIC =
            "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedStoreServer store;
    private static StoreProxy proxy;
    private static FakeConfigService configService;

    @LocalServerPort
    int port;

    @Autowired
    StoredRecordFeed feed;

    @Autowired
    EmbeddedKafkaBroker kafka;

    static synchronized StoreProxy proxy() {
        if (store == null) {
            String key = "spring.autoconfigure.exclude";
            // the store as its own jar runs it: without a database, and without Spring Security (on this module's
            // classpath, not the store's; its per-filter observations made every store query dearer in the benchmark)
            System.setProperty(
                    key,
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                            + "io.shopwatch.common.security.servlet.ServiceSecurityAutoConfiguration,"
                            + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
                            + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
                            + "org.springframework.boot.security.autoconfigure.actuate.web.servlet."
                            + "ManagementWebSecurityAutoConfiguration,"
                            + "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
                            + "org.springframework.boot.security.autoconfigure.web.servlet."
                            + "ServletWebSecurityAutoConfiguration");
            try {
                java.nio.file.Path dir = Files.createTempDirectory("perf-store");
                store = EmbeddedStoreServer.start(dir, USER, PASSWORD, 0);
                proxy = new StoreProxy(store.url());
                // the benchmark's store holds gigabytes: closed and deleted when the test JVM ends
                EmbeddedStoreServer started = store;
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    started.close();
                                    org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
                                },
                                "perf-store-cleanup"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                System.clearProperty(key);
            }
        }
        return proxy;
    }

    static synchronized FakeConfigService configService() {
        if (configService == null) {
            configService = new FakeConfigService();
        }
        return configService;
    }

    static String storeUrl() {
        proxy();
        return store.url();
    }

    @DynamicPropertySource
    static void frontend(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("shopwatch.openobserve.url", () -> proxy().url());
        registry.add("shopwatch.openobserve.user", () -> USER);
        registry.add("shopwatch.openobserve.password", () -> PASSWORD);
        registry.add("shopwatch.config.client.enabled", () -> "true");
        registry.add("shopwatch.config.client.uri", () -> configService().url());
        registry.add("shopwatch.config.client.cache-file", () -> configService().cacheFile());
    }

    @BeforeEach
    void feedIsLive() {
        await().atMost(Duration.ofSeconds(30)).until(feed::live);
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static long micros(Instant instant) {
        return EnvelopeSerde.micros(instant);
    }

    /** Writes records straight into the store. */
    static void ingest(String org, String stream, List<Map<String, Object>> records) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(storeUrl() + "/api/" + org + "/" + stream + "/_json"))
                        .header("Authorization", BASIC)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(records)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"failed\":1")) {
            throw new IllegalStateException("ingest failed: " + response.body());
        }
    }

    /** Tells the frontend a record was stored, as the pipeline does. */
    void announceStored(String org, String stream, Instant timestamp) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Envelope> producer =
                new KafkaProducer<>(config, new StringSerializer(), new EnvelopeSerde().serializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.STORED,
                            new Envelope(
                                    UUID.randomUUID().toString(),
                                    org,
                                    stream,
                                    TelemetryType.LOG,
                                    timestamp,
                                    JSON.createObjectNode())))
                    .get();
        }
    }

    static String searchBody(String sql, long start, long end) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode query = body.putObject("query");
        query.put("sql", sql);
        query.put("start_time", start);
        query.put("end_time", end);
        query.put("size", 1000);
        return JSON.writeValueAsString(body);
    }

    HttpResponse<byte[]> frontendSearch(String org, String body, String... headers) throws Exception {
        return send(frontend("/api/" + org + "/_search"), "POST", body, headers);
    }

    static HttpResponse<byte[]> directSearch(String org, String body) throws Exception {
        return send(storeUrl() + "/api/" + org + "/_search", "POST", body, "Authorization", BASIC);
    }

    String frontend(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    /** A request with the store credentials unless headers give an Authorization of their own. */
    static HttpResponse<byte[]> send(String url, String method, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean authorization = false;
        boolean contentType = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            authorization |= headers[i].equalsIgnoreCase("Authorization");
            contentType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!authorization) {
            request.header("Authorization", BASIC);
        }
        if (body != null && !contentType) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The answer without the fields that differ from one run of the same query to the next (time taken, trace id). */
    static JsonNode comparable(byte[] body) {
        JsonNode node = JSON.readTree(body);
        if (node instanceof ObjectNode object) {
            object.remove("took");
            object.remove("took_detail");
            object.remove("trace_id");
        }
        return node;
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
