package io.shopwatch.logging.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.security.Role;
import io.shopwatch.store.EmbeddedStoreServer;
import io.shopwatch.testkit.KafkaTestSupport;
import io.shopwatch.testkit.TestTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analytics API over real data in the embedded store, and the live tail fed from a real broker's stored topic.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.consumer.auto-offset-reset=latest",
            "logging.level.org.apache.kafka=WARN",
            "logging.level.kafka=WARN",
            "logging.level.state.change.logger=WARN"
        })
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.LOGS_RAW, Topics.EVENTS_RAW, Topics.STORED},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class AnalyticsIT {

    private static final String USER = "analytics@example.com";
    private static final String PASSWORD = "analytics-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static EmbeddedStoreServer store;

    @DynamicPropertySource
    static void storeProperties(DynamicPropertyRegistry registry) throws IOException {
        store = EmbeddedStoreServer.start(Files.createTempDirectory("analytics-store"), USER, PASSWORD, 0);
        registry.add("shopwatch.openobserve.url", store::url);
        registry.add("shopwatch.openobserve.user", () -> USER);
        registry.add("shopwatch.openobserve.password", () -> PASSWORD);
        TestTokens.register(registry);
    }

    private static String viewer() {
        return TestTokens.shared().token("default", Role.VIEWER);
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    OpenObserveClient client;

    @org.springframework.beans.factory.annotation.Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Autowired
    KafkaTemplate<?, ?> anyTemplate;

    private static boolean loaded;

    @BeforeAll
    static void marker() {
        loaded = false;
    }

    private void load() {
        if (loaded) {
            return;
        }
        List<Map<String, Object>> logs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            logs.add(Map.of(
                    "_timestamp", NOW.minusSeconds(60 - i).toEpochMilli() * 1000,
                    "id", "l" + i,
                    "service", i < 6 ? "checkout" : "cart",
                    "level", i % 2 == 0 ? "ERROR" : "INFO",
                    "message", i % 2 == 0 ? "payment " + (1000 + i) + " declined" : "ok " + i));
        }
        assertThat(client.ingest("applogs", logs).failed()).isZero();
        List<Map<String, Object>> events = new ArrayList<>();
        String[][] sessions = {
            {"s1", "product_view", "add_to_cart", "checkout_start", "order_placed"},
            {"s2", "product_view", "add_to_cart"},
            {"s3", "product_view", "add_to_cart", "checkout_start"},
            {"s4", "product_view"}
        };
        for (String[] session : sessions) {
            for (int step = 1; step < session.length; step++) {
                events.add(Map.of(
                        "_timestamp",
                        NOW.minusSeconds(120 - step).toEpochMilli() * 1000,
                        "id",
                        session[0] + "-" + step,
                        "session_id",
                        session[0],
                        "type",
                        session[step]));
            }
        }
        assertThat(client.ingest("shopevents", events).failed()).isZero();
        loaded = true;
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = send(pathAndQuery, viewer());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void security_orgComesFromTheTokenAndRolesAreEnforced() throws Exception {
        load();
        String search = "/api/v1/logs/search?stream=applogs&" + range();
        assertThat(send(search, null).statusCode()).isEqualTo(401);
        assertThat(send(search, TestTokens.shared().token("default", Role.INGEST))
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(search, TestTokens.shared().expired("default", Role.VIEWER))
                        .statusCode())
                .isEqualTo(401);
        // another org's viewer sees nothing of org default's data, whatever header it sends
        HttpResponse<String> other = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + search))
                        .header("Authorization", "Bearer " + TestTokens.shared().token("acme", Role.VIEWER))
                        .header("X-ShopWatch-Org", "default")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.body()).doesNotContain("payment");
        assertThat(other.statusCode()).isIn(200, 404);

        // an ingest key of org acme writes to acme even when it names another org
        HttpResponse<String> posted = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/logs"))
                        .header("Authorization", "Bearer " + TestTokens.shared().token("acme", Role.INGEST))
                        .header("X-ShopWatch-Org", "default")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "[{\"id\":\"org-check-1\",\"level\":\"INFO\",\"service\":\"s\",\"message\":\"m\"}]"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> raw =
                KafkaTestSupport.read(bootstrap, Topics.LOGS_RAW, 100, Duration.ofSeconds(5));
        assertThat(raw.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)))
                .anySatisfy(v -> assertThat(v).contains("org-check-1").contains("\"org\":\"acme\""));
    }

    private static String range() {
        return "from=" + NOW.minus(Duration.ofMinutes(10)) + "&to=" + NOW.plus(Duration.ofMinutes(1));
    }

    @Test
    void errorRate_perServiceAndInterval() throws Exception {
        load();
        JsonNode points = get("/api/v1/analytics/error-rate?stream=applogs&interval=1%20hour&" + range());
        long total = 0;
        long errors = 0;
        for (JsonNode point : points) {
            total += point.get("total").asLong();
            errors += point.get("errors").asLong();
        }
        assertThat(total).isEqualTo(10);
        assertThat(errors).isEqualTo(5);
        assertThat(points.findValuesAsString("service")).contains("checkout", "cart");
    }

    @Test
    void topErrors_groupByPattern() throws Exception {
        load();
        JsonNode top = get("/api/v1/analytics/top-errors?stream=applogs&" + range());
        assertThat(top.get(0).get("pattern").asString()).isEqualTo("payment <n> declined");
        assertThat(top.get(0).get("count").asLong()).isEqualTo(5);
    }

    @Test
    void search_filtersAndPagesNewestFirst() throws Exception {
        load();
        JsonNode first = get("/api/v1/logs/search?stream=applogs&level=error&limit=2&" + range());
        assertThat(first.get("total").asLong()).isEqualTo(5);
        assertThat(first.get("hits")).hasSize(2);
        assertThat(first.get("hits").get(0).get("id").asString()).isEqualTo("l8");
        String cursor = first.get("next_cursor") != null
                ? first.get("next_cursor").asString()
                : first.get("nextCursor").asString();
        JsonNode second =
                get("/api/v1/logs/search?stream=applogs&level=error&limit=2&cursor=" + cursor + "&" + range());
        assertThat(second.get("hits").get(0).get("id").asString()).isEqualTo("l4");
        JsonNode text = get("/api/v1/logs/search?stream=applogs&q=declined&" + range());
        assertThat(text.get("total").asLong()).isEqualTo(5);
    }

    @Test
    void funnel_cartAbandonmentAndSession() throws Exception {
        load();
        String steps =
                URLEncoder.encode("product_view,add_to_cart,checkout_start,order_placed", StandardCharsets.UTF_8);
        JsonNode funnel = get("/api/v1/analytics/funnel?stream=shopevents&steps=" + steps + "&" + range());
        assertThat(funnel.get("steps").findValuesAsString("type"))
                .containsExactly("product_view", "add_to_cart", "checkout_start", "order_placed");
        List<Long> reached = new ArrayList<>();
        funnel.get("steps").forEach(step -> reached.add(step.get("sessions").asLong()));
        assertThat(reached).containsExactly(4L, 3L, 2L, 1L);

        JsonNode abandonment = get("/api/v1/analytics/cart-abandonment?stream=shopevents&" + range());
        assertThat(abandonment.toString()).contains("\"abandoned\":2");

        JsonNode session = get("/api/v1/analytics/sessions/s3?stream=shopevents&" + range());
        assertThat(session.get("events").findValuesAsString("type"))
                .containsExactly("product_view", "add_to_cart", "checkout_start");
    }

    @Test
    void badInput_isProblemJson() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/api/v1/analytics/error-rate?stream=bad-name!&interval=1%20minute"))
                        .header("Authorization", "Bearer " + viewer())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("https://shopwatch.io/problems/validation");
    }

    @Test
    @SuppressWarnings("unchecked")
    void tail_streamsMatchingStoredRecords() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/logs/tail?stream=tailtest&level=ERROR"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + viewer())
                .build();
        HttpResponse<java.io.InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        KafkaTemplate<String, Envelope> template = (KafkaTemplate<String, Envelope>) anyTemplate;
        CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        // the tail reads from the latest offset: keep publishing until the reader has joined and matched
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    publish(template, "t-info", "INFO", "not for this filter");
                    publish(template, "t-err", "ERROR", "checkout broke");
                    return received.isDone();
                });
        String line = received.get(1, TimeUnit.SECONDS);
        assertThat(line).contains("checkout broke").doesNotContain("not for this filter");
    }

    private static void publish(KafkaTemplate<String, Envelope> template, String id, String level, String message) {
        Envelope envelope = new Envelope(
                id,
                "default",
                "tailtest",
                TelemetryType.LOG,
                Instant.now(),
                JSON.readTree("{\"id\":\"" + id + "\",\"level\":\"" + level
                        + "\",\"service\":\"checkout\",\"message\":\"" + message + "\"}"));
        template.send(Topics.STORED, id, envelope);
    }
}
