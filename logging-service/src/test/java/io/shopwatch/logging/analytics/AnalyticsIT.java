package io.shopwatch.logging.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.SearchRequest;
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
 * The row caps are small ({@value #MAX_ROWS}) so that data sets larger than them show that counts are exact and that
 * what is still capped says so.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopwatch.analytics.max-rows=" + AnalyticsIT.MAX_ROWS,
            // the cap of the funnel and abandonment before they were counted in the store
            "shopwatch.analytics.max-funnel-rows=" + AnalyticsIT.MAX_ROWS,
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

    static final int MAX_ROWS = 20;

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

    @Test
    void elasticsearchHandshake_anIngestKeyOfTheOrgMayAsk_notOfAnotherOrg() throws Exception {
        String ingest = TestTokens.shared().token("default", Role.INGEST);

        assertThat(send("/api/default/", ingest).statusCode()).isEqualTo(200);
        assertThat(send("/api/default/_license", ingest).statusCode()).isEqualTo(200);
        assertThat(send("/api/default/_xpack", ingest).statusCode()).isEqualTo(200);
        assertThat(send("/api/acme/", ingest).statusCode()).isEqualTo(403);
        assertThat(send("/api/default/", null).statusCode()).isEqualTo(401);
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

    private void ingest(String stream, List<Map<String, Object>> records) {
        assertThat(client.ingest(stream, records).failed()).isZero();
    }

    private static Map<String, Object> log(Instant at, String id, String service, String level, String message) {
        return Map.of(
                "_timestamp",
                SearchRequest.micros(at),
                "id",
                id,
                "service",
                service,
                "level",
                level,
                "message",
                message);
    }

    private static Map<String, Object> event(Instant at, String id, String session, String type) {
        return Map.of("_timestamp", SearchRequest.micros(at), "id", id, "session_id", session, "type", type);
    }

    @Test
    void errorRate_eachPointCarriesItsBucketTime() throws Exception {
        Instant minute = NOW.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(3));
        ingest(
                "ratelogs",
                List.of(
                        log(minute.plusSeconds(5), "r1", "svc", "ERROR", "a"),
                        log(minute.plusSeconds(40), "r2", "svc", "INFO", "b"),
                        log(minute.plusSeconds(65), "r3", "svc", "INFO", "c"),
                        log(minute.plusSeconds(70), "r4", "svc", "FATAL", "d"),
                        log(minute.plusSeconds(119), "r5", "svc", "INFO", "e"),
                        log(minute.plusSeconds(130), "r6", "svc", "ERROR", "f")));
        JsonNode points = get("/api/v1/analytics/error-rate?stream=ratelogs&interval=1%20minute&from="
                + minute.minusSeconds(60) + "&to=" + minute.plusSeconds(180));
        List<String> seen = new ArrayList<>();
        for (JsonNode point : points) {
            seen.add(point.get("timestamp").asLong() + "/" + point.get("total").asLong() + "/"
                    + point.get("errors").asLong());
        }
        assertThat(seen)
                .containsExactly(
                        SearchRequest.micros(minute) + "/2/1",
                        SearchRequest.micros(minute.plusSeconds(60)) + "/3/1",
                        SearchRequest.micros(minute.plusSeconds(120)) + "/1/1");
    }

    @Test
    void errorRate_moreBucketsOrPointsThanAnAnswerCarries_isRefusedNotCut() throws Exception {
        List<Map<String, Object>> logs = new ArrayList<>();
        for (int i = 0; i < MAX_ROWS + 5; i++) {
            logs.add(log(NOW.minusSeconds(30), "ms" + i, "service-" + i, "ERROR", "boom"));
        }
        ingest("manyservices", logs);
        // one bucket per service: more points than max-rows
        HttpResponse<String> points =
                send("/api/v1/analytics/error-rate?stream=manyservices&interval=1%20day&" + range(), viewer());
        assertThat(points.statusCode()).as(points.body()).isEqualTo(400);
        assertThat(points.body()).contains("https://shopwatch.io/problems/validation", "choose a larger interval");
        // more buckets than max-rows, refused before the store is asked
        HttpResponse<String> buckets =
                send("/api/v1/analytics/error-rate?stream=manyservices&interval=1%20second&" + range(), viewer());
        assertThat(buckets.statusCode()).as(buckets.body()).isEqualTo(400);
        assertThat(buckets.body()).contains("661 intervals");
        // one service fits
        JsonNode one =
                get("/api/v1/analytics/error-rate?stream=manyservices&interval=1%20day&service=service-3&" + range());
        assertThat(one).hasSize(1);
        assertThat(one.get(0).get("errors").asLong()).isEqualTo(1);
    }

    @Test
    void topErrors_moreDistinctMessagesThanTheCap_countsEveryError() throws Exception {
        List<Map<String, Object>> logs = new ArrayList<>();
        Instant at = NOW.minusSeconds(100);
        for (int i = 0; i < 60; i++) {
            logs.add(log(
                    at, "te-p" + i, i % 3 == 0 ? "cart" : "checkout", "ERROR", "payment " + (2000 + i) + " declined"));
        }
        for (int i = 0; i < 25; i++) {
            logs.add(log(
                    at,
                    "te-c" + i,
                    "payment",
                    "ERROR",
                    "card " + java.util.UUID.randomUUID() + " refused for user" + i + "@shop.example"));
        }
        for (int i = 0; i < 21; i++) {
            logs.add(log(
                    at,
                    "te-t" + i,
                    "search",
                    "FATAL",
                    "timeout calling 'svc-" + i + "' after " + (i * 7 + 0.5) + " ms"));
        }
        logs.add(log(at, "te-x1", "search", "ERROR", "payment 4bf92f3577b34da6 declined for user42: 'card expired'"));
        logs.add(log(at, "te-x2", "search", "ERROR", "mail to a.b@shop.cn bounced."));
        logs.add(log(at, "te-info", "cart", "INFO", "payment 1 declined"));
        ingest("manyerrors", logs);

        JsonNode top = get("/api/v1/analytics/top-errors?stream=manyerrors&limit=5&" + range());
        List<String> seen = new ArrayList<>();
        for (JsonNode pattern : top) {
            seen.add(pattern.get("pattern").asString() + " = "
                    + pattern.get("count").asLong());
        }
        assertThat(seen)
                .containsExactly(
                        "payment <n> declined = 60",
                        "card <id> refused for <email> = 25",
                        "timeout calling <s> after <n> ms = 21",
                        "mail to <email> bounced. = 1",
                        "payment <id> declined for user<n>: <s> = 1");
        List<String> services = new ArrayList<>();
        top.get(0).get("services").forEach(s -> services.add(s.asString()));
        assertThat(services).containsExactly("checkout", "cart");
        assertThat(top.get(0).get("example").asString()).isEqualTo("payment 2000 declined");
    }

    @Test
    void funnel_moreEventsThanTheCap_countsEverySessionInOrderAndWindow() throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        Instant base = NOW.minusSeconds(300);
        // session kind: count, then type@second pairs
        Object[][] kinds = {
            {30, "a", 0, "b", 10, "c", 20}, // all three in order
            {10, "b", 0, "a", 10}, // b before a: a only
            {5, "b", 0, "a", 10, "b", 20}, // a b after an early b: a, b
            {10, "a", 0, "b", 100}, // b outside the 60 s window: a only
            {5, "c", 0}, // no first step
            {5, "a", 0, "a", 5, "b", 30, "c", 50}, // repeated first step: the window starts at the first
            {5, "a", 0, "a", 50, "b", 70, "c", 80}, // b is 70 s after the first a: a only
        };
        int session = 0;
        for (Object[] kind : kinds) {
            for (int n = 0; n < (int) kind[0]; n++, session++) {
                for (int e = 1; e < kind.length; e += 2) {
                    events.add(event(
                            base.plusSeconds((int) kind[e + 1]), "fe-" + session + "-" + e, "fs-" + session, (String)
                                    kind[e]));
                }
            }
        }
        assertThat(events).hasSizeGreaterThan(MAX_ROWS * 5);
        ingest("funnelevents", events);

        JsonNode funnel = get("/api/v1/analytics/funnel?stream=funnelevents&steps=a,b,c&window=60&" + range());
        List<Long> reached = new ArrayList<>();
        funnel.get("steps").forEach(step -> reached.add(step.get("sessions").asLong()));
        assertThat(reached).containsExactly(65L, 40L, 35L);
        assertThat(funnel.get("sessionsScanned").asLong()).isEqualTo(70);
        assertThat(funnel.get("truncated").asBoolean()).isFalse();
        assertThat(funnel.get("steps").get(2).get("conversionFromFirst").asDouble())
                .isEqualTo(35.0 / 65);

        // the same type twice: the second must be a later event
        JsonNode twice = get("/api/v1/analytics/funnel?stream=funnelevents&steps=a,a&window=60&" + range());
        List<Long> again = new ArrayList<>();
        twice.get("steps").forEach(step -> again.add(step.get("sessions").asLong()));
        assertThat(again).containsExactly(65L, 10L);
    }

    @Test
    void cartAbandonment_moreSessionsThanTheCap_countsEverySession() throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        Instant at = NOW.minusSeconds(200);
        for (int i = 0; i < 50; i++) {
            events.add(event(at, "ca-" + i, "cs-" + i, "add_to_cart"));
            events.add(event(at.plusSeconds(1), "cv-" + i, "cs-" + i, "product_view"));
            if (i < 20) {
                events.add(event(at.plusSeconds(2), "co-" + i, "cs-" + i, "order_placed"));
            }
        }
        for (int i = 0; i < 5; i++) {
            events.add(event(at, "oo-" + i, "os-" + i, "order_placed"));
        }
        ingest("cartevents", events);
        JsonNode abandonment = get("/api/v1/analytics/cart-abandonment?stream=cartevents&" + range());
        assertThat(abandonment.get("sessionsWithCart").asLong()).isEqualTo(50);
        assertThat(abandonment.get("sessionsWithOrder").asLong()).isEqualTo(25);
        assertThat(abandonment.get("abandoned").asLong()).isEqualTo(30);
        assertThat(abandonment.get("abandonmentRate").asDouble()).isEqualTo(0.6);
    }

    @Test
    void session_longerThanTheCap_isTruncatedAndSaysSo() throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        Instant start = NOW.minusSeconds(250);
        for (int i = 0; i < MAX_ROWS + 10; i++) {
            events.add(event(start.plusSeconds(i), "tl-" + i, "long-session", "page_view"));
        }
        events.add(event(start, "tl-other", "other-session", "page_view"));
        ingest("timelineevents", events);
        JsonNode session = get("/api/v1/analytics/sessions/long-session?stream=timelineevents&" + range());
        assertThat(session.get("truncated").asBoolean()).isTrue();
        assertThat(session.get("limit").asInt()).isEqualTo(MAX_ROWS);
        assertThat(session.get("events")).hasSize(MAX_ROWS);
        assertThat(session.get("events").get(0).get("id").asString()).isEqualTo("tl-0");
        assertThat(session.get("events").get(MAX_ROWS - 1).get("id").asString()).isEqualTo("tl-" + (MAX_ROWS - 1));

        JsonNode shorter = get("/api/v1/analytics/sessions/other-session?stream=timelineevents&" + range());
        assertThat(shorter.get("truncated").asBoolean()).isFalse();
        assertThat(shorter.get("events")).hasSize(1);
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
        KafkaTemplate<String, byte[]> template = (KafkaTemplate<String, byte[]>) anyTemplate;
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

    private static void publish(KafkaTemplate<String, byte[]> template, String id, String level, String message) {
        Envelope envelope = new Envelope(
                id,
                "default",
                "tailtest",
                TelemetryType.LOG,
                Instant.now(),
                JSON.readTree("{\"id\":\"" + id + "\",\"level\":\"" + level
                        + "\",\"service\":\"checkout\",\"message\":\"" + message + "\"}"));
        // the service's producer sends envelopes as bytes (its mappers write them); this one is written here
        template.send(Topics.STORED, id, new EnvelopeSerde().serializer().serialize(Topics.STORED, envelope));
    }
}
