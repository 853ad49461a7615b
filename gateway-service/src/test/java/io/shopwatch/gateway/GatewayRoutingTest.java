package io.shopwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.shopwatch.common.security.Role;
import io.shopwatch.gateway.request.AccessLogFilter;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * The gateway in front of real HTTP services started on free ports: routing, request ids, identity header stripping,
 * body limits, circuit breaker fallbacks and problem+json answers, as a client sees them. Every request carries a
 * platform administrator's access token from {@link TestTokens} (authentication itself: {@code GatewayAuthTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class GatewayRoutingTest {

    private static final String PROBLEMS = "https://shopwatch.io/problems/";

    private static final Map<String, RecordingServer> SERVICES = Map.of(
            "auth", RecordingServer.start("auth"),
            "config", RecordingServer.start("config"),
            "logging", RecordingServer.start("logging"),
            "metrics", RecordingServer.start("metrics"),
            "tracing", RecordingServer.start("tracing"),
            "pipeline", RecordingServer.start("pipeline"),
            "alert", RecordingServer.start("alert"),
            "query-frontend", RecordingServer.start("query-frontend"),
            "openobserve", RecordingServer.start("openobserve"));

    /** Answers every request with a 500 problem of its own. */
    private static final RecordingServer FAILING = RecordingServer.start("dashboard")
            .respondWith((exchange, request) -> {
                exchange.getResponseHeaders().set("X-Service-Says", "sorry");
                RecordingServer.send(
                        exchange,
                        500,
                        "application/problem+json",
                        "{\"type\":\"https://shopwatch.io/problems/internal\",\"status\":500,\"detail\":\"boom\"}");
            });

    /** Holds every request until released, far longer than the 1 s the backup route is given. */
    private static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);

    private static final RecordingServer SLOW = RecordingServer.start("backup").respondWith((exchange, request) -> {
        try {
            RELEASE_SLOW.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RecordingServer.send(exchange, 200, "application/json", "{}");
    });

    /** A port that is bound but not listening: connecting to it is refused. */
    private static final Socket CLOSED_PORT = reservePort();

    @Autowired
    private WebTestClient client;

    @LocalServerPort
    private int port;

    /** A platform administrator: allowed on every route and every org. */
    private static final String TOKEN = TestTokens.shared()
            .builder("root", "default", Role.ADMIN)
            .platformAdmin()
            .sign();

    @BeforeEach
    void authenticate() {
        client = client.mutate()
                .defaultHeader("Authorization", "Bearer " + TOKEN)
                .build();
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add(
                "shopwatch.gateway.auth.jwks-url", () -> TestTokens.shared().jwksUrl());
        registry.add("shopwatch.gateway.auth.denied-reports.enabled", () -> "false");
        SERVICES.forEach((id, server) -> registry.add("shopwatch.gateway.services." + id, server::url));
        registry.add("shopwatch.gateway.services.dashboard", FAILING::url);
        registry.add("shopwatch.gateway.services.backup", SLOW::url);
        registry.add("shopwatch.gateway.services.performance", () -> "http://127.0.0.1:" + CLOSED_PORT.getLocalPort());
        registry.add("shopwatch.gateway.body.max-size", () -> "1KB");
        registry.add("resilience4j.timelimiter.instances.backup.timeout-duration", () -> "1s");
        registry.add("resilience4j.circuitbreaker.instances.dashboard.sliding-window-size", () -> "4");
        registry.add("resilience4j.circuitbreaker.instances.dashboard.minimum-number-of-calls", () -> "4");
        registry.add("resilience4j.circuitbreaker.instances.dashboard.failure-rate-threshold", () -> "50");
        registry.add("resilience4j.circuitbreaker.instances.dashboard.wait-duration-in-open-state", () -> "10m");
    }

    @AfterAll
    static void stopServices() throws IOException {
        RELEASE_SLOW.countDown();
        SERVICES.values().forEach(RecordingServer::close);
        FAILING.close();
        SLOW.close();
        CLOSED_PORT.close();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, /api/v1/auth/login, auth",
        "GET, /.well-known/jwks.json, auth",
        "PUT, /api/v1/config/services/logging, config",
        "POST, /api/v1/logs/_bulk, logging",
        "GET, /api/v1/logs/_search?q=level%3Aerror&limit=10, logging",
        "POST, /api/v1/events, logging",
        "GET, /api/v1/analytics/error-rate, logging",
        "GET, /api/v1/metrics/query, metrics",
        "GET, /api/v1/traces/4bf92f3577b34da6a3ce929d0e0e4736, tracing",
        "POST, /v1/traces, tracing",
        "GET, /api/v1/pipeline/dead-letters, pipeline",
        "GET, /api/v1/alerts/rules, alert",
        "POST, /api/v2/alerts, alert",
        "GET, /api/v2/silences, alert",
        "DELETE, /api/v2/silence/abc, alert",
        "GET, /api/v2/status, alert",
        // OpenObserve's reads go to the query frontend, the rest of its API to the store
        "POST, /api/default/_search?type=logs, query-frontend",
        "GET, /api/shop-eu/streams, query-frontend",
        "GET, /api/shop-eu/streams/checkout/schema, query-frontend",
        "DELETE, /api/shop-eu/streams/checkout, query-frontend",
        "GET, /api/shop-eu/streams/checkout, openobserve",
        "GET, /api/default/alerts, openobserve",
        // writes of OpenObserve's ingestion API go through the pipeline, never straight to the store
        "POST, /api/default/checkout/_json, logging",
        "POST, /api/default/checkout/_multi, logging",
        "POST, /api/shop-eu/_bulk, logging",
        "PUT, /api/default/checkout/_json, logging",
        "POST, /api/default/_hec, logging",
        // Elasticsearch clients' handshake before _bulk
        "GET, /api/default/, logging",
        "GET, /api/shop-eu/_license, logging",
        "GET, /api/shop-eu/_xpack, logging",
        "POST, /api/default/v1/logs, logging",
        "POST, /v1/logs, logging",
        "POST, /loki/api/v1/push, logging",
        "POST, /api/default/loki/api/v1/push, logging",
        "POST, /api/default/prometheus/api/v1/write, metrics",
        "GET, /api/default/prometheus/api/v1/query?query=up, metrics",
        "POST, /api/default/v1/metrics, metrics",
        "POST, /api/default/ingest/metrics/_json, metrics",
        "POST, /v1/metrics, metrics",
        "POST, /api/default/v1/traces, tracing",
        "POST, /api/default/traces, tracing",
        "POST, /api/default/otel/v1/traces, tracing",
        "POST, /api/v2/spans, tracing",
        "GET, /api/default/checkout/_values?fields=level, query-frontend",
    })
    void route_sendsRequestToItsServiceWithPathIntact(String method, String uri, String service) {
        String marker = "req-" + Math.abs(uri.hashCode()) + "-" + method;
        client.method(HttpMethod.valueOf(method))
                .uri(URI.create("http://127.0.0.1:" + port + uri))
                .header("X-Request-Id", marker)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.service")
                .isEqualTo(service);

        RecordingServer.Received received = receivedWithRequestId(SERVICES.get(service), marker);
        assertThat(received.method()).isEqualTo(method);
        assertThat(received.uri()).isEqualTo(uri);
        SERVICES.values().stream()
                .filter(other -> !other.name().equals(service))
                .forEach(other -> assertThat(other.received()).noneMatch(r -> marker.equals(r.header("X-Request-Id"))));
    }

    @Test
    void configProtocol_goesToConfigServiceWithoutThePrefix() {
        client.get()
                .uri("/config/pipeline-service/default")
                .header("X-Request-Id", "req-config-protocol")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.service")
                .isEqualTo("config");

        RecordingServer.Received received = receivedWithRequestId(SERVICES.get("config"), "req-config-protocol");
        assertThat(received.uri()).isEqualTo("/pipeline-service/default");
    }

    @Test
    void route_forwardsBodyQueryAndTraceContext() {
        String json = "{\"message\":\"payment failed\",\"level\":\"error\"}";
        client.post()
                .uri("/api/v1/logs/_bulk?stream=checkout")
                .header("X-Request-Id", "body-forwarded")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange()
                .expectStatus()
                .isOk();

        RecordingServer.Received received = receivedWithRequestId(SERVICES.get("logging"), "body-forwarded");
        assertThat(received.uri()).isEqualTo("/api/v1/logs/_bulk?stream=checkout");
        assertThat(received.bodyText()).isEqualTo(json);
        assertThat(received.header("Content-Type")).startsWith("application/json");
        assertThat(received.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    @ParameterizedTest
    @CsvSource({"/api/v1/no-such-thing", "/api/v2/nothing-here", "/api/v3/anything", "/nowhere", "/fallback"})
    void unknownPath_answersNotFoundProblem(String path) {
        client.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "not-found")
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.instance")
                .isEqualTo(path)
                .jsonPath("$.requestId")
                .exists()
                .jsonPath("$.trace")
                .doesNotExist();

        assertThat(SERVICES.get("openobserve").received(path)).isEmpty();
    }

    @Test
    void health_answersTheServicesOwnHealth() {
        client.get()
                .uri("/health/logging")
                .header("X-Request-Id", "health-logging")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.service")
                .isEqualTo("logging");
        assertThat(receivedWithRequestId(SERVICES.get("logging"), "health-logging")
                        .uri())
                .isEqualTo("/actuator/health");

        client.get()
                .uri("/health/store")
                .header("X-Request-Id", "health-store")
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(receivedWithRequestId(SERVICES.get("openobserve"), "health-store")
                        .uri())
                .isEqualTo("/healthz");
    }

    @Test
    void requestId_isGeneratedWhenMissingAndSentBothWays() {
        EntityExchangeResult<byte[]> result = client.get()
                .uri("/api/v1/metrics/query?generated=1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        String id = result.getResponseHeaders().getFirst("X-Request-Id");
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(SERVICES.get("metrics").received("/api/v1/metrics/query?generated=1"))
                .singleElement()
                .satisfies(r -> assertThat(r.header("X-Request-Id")).isEqualTo(id));
    }

    @Test
    void requestId_validOneIsKept() {
        client.get()
                .uri("/api/v1/metrics/query?kept=1")
                .header("X-Request-Id", "storefront:checkout-42.a_b")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Request-Id", "storefront:checkout-42.a_b");

        assertThat(SERVICES.get("metrics").received("/api/v1/metrics/query?kept=1"))
                .singleElement()
                .satisfies(r -> assertThat(r.header("X-Request-Id")).isEqualTo("storefront:checkout-42.a_b"));
    }

    @ParameterizedTest
    @CsvSource({"'<script>alert(1)</script>'", "'two words'", "'id\u00e9'"})
    void requestId_unsafeOneIsReplaced(String unsafe) {
        String query = "/api/v1/metrics/query?unsafe=" + Math.abs(unsafe.hashCode());
        EntityExchangeResult<byte[]> result = client.get()
                .uri(query)
                .header("X-Request-Id", unsafe)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        String id = result.getResponseHeaders().getFirst("X-Request-Id");
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(SERVICES.get("metrics").received(query))
                .singleElement()
                .satisfies(r -> assertThat(r.headers().get("X-Request-Id")).containsExactly(id));
    }

    @Test
    void requestId_tooLongOneIsReplaced() {
        String tooLong = "a".repeat(129);
        client.get()
                .uri("/api/v1/metrics/query?long=1")
                .header("X-Request-Id", tooLong)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueMatches("X-Request-Id", "[0-9a-f]{32}");
    }

    @Test
    void identityHeadersFromTheClient_neverReachTheService() {
        client.get()
                .uri("/api/v1/pipeline/status")
                .header("X-Request-Id", "spoofed-identity")
                .header("X-ShopWatch-User", "admin")
                .header("X-ShopWatch-Org", "someone-elses-org")
                .header("x-shopwatch-roles", "admin")
                .header("X-ShopWatch-Identity", "forged")
                .header("X-SHOPWATCH-IDENTITY-CLAIMS", "{\"role\":\"admin\"}")
                .header("X-ShopWatch-Api-Key", "sw_key")
                .exchange()
                .expectStatus()
                .isOk();

        RecordingServer.Received received = receivedWithRequestId(SERVICES.get("pipeline"), "spoofed-identity");
        assertThat(received.headers().keySet())
                .noneMatch(name -> name.toLowerCase().startsWith("x-shopwatch-identity"));
        assertThat(received.headers().get("X-ShopWatch-User")).containsExactly("root");
        assertThat(received.headers().get("X-ShopWatch-Org")).containsExactly("default");
        assertThat(received.headers().get("X-ShopWatch-Roles")).containsExactly("admin");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(received.header("X-ShopWatch-Api-Key")).isEqualTo("sw_key");
    }

    @Test
    void body_withinLimitIsForwarded() {
        byte[] body = new byte[1000];
        Arrays.fill(body, (byte) 'x');
        client.post()
                .uri("/api/v1/events?size=within")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(SERVICES.get("logging").received("/api/v1/events?size=within"))
                .singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo(body));
    }

    @Test
    void body_overLimitByContentLength_isRefusedBeforeTheService() {
        client.post()
                .uri("/api/v1/events?size=content-length")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(new byte[1025])
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "payload-too-large")
                .jsonPath("$.limit")
                .isEqualTo(1024);
        assertThat(SERVICES.get("logging").received("/api/v1/events?size=content-length"))
                .isEmpty();
    }

    @Test
    void body_chunkedWithinLimitIsForwardedWhole() {
        client.post()
                .uri("/api/v1/events?size=chunked-within")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(chunks(4, 200), DataBuffer.class)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(SERVICES.get("logging").received("/api/v1/events?size=chunked-within"))
                .singleElement()
                .satisfies(r -> assertThat(r.body()).hasSize(800));
    }

    @Test
    void body_chunkedGrowingOverLimit_isRefusedBeforeTheService() {
        client.post()
                .uri("/api/v1/events?size=chunked-over")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(chunks(8, 200), DataBuffer.class)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "payload-too-large");
        assertThat(SERVICES.get("logging").received("/api/v1/events?size=chunked-over"))
                .isEmpty();
    }

    @Test
    void serviceDown_answersUnavailableProblem() {
        client.get()
                .uri("/api/v1/performance/recommendations")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals("Retry-After", "5")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "unavailable")
                .jsonPath("$.route")
                .isEqualTo("performance")
                .jsonPath("$.instance")
                .isEqualTo("/api/v1/performance/recommendations");
    }

    @Test
    void serviceTooSlow_answersGatewayTimeoutProblem() {
        client.get()
                .uri("/api/v1/backups/latest")
                .exchange()
                .expectStatus()
                .isEqualTo(504)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists("Retry-After")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "gateway-timeout")
                .jsonPath("$.route")
                .isEqualTo("backup");
        assertThat(SLOW.received("/api/v1/backups/latest")).hasSize(1);
        RELEASE_SLOW.countDown();
    }

    @Test
    void serviceErrors_passThroughUnchanged_untilTheCircuitBreakerOpens() {
        for (int i = 0; i < 4; i++) {
            client.get()
                    .uri("/api/v1/dashboards/" + i)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(500)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader()
                    .valueEquals("X-Service-Says", "sorry")
                    .expectHeader()
                    .exists("X-Request-Id")
                    .expectBody(String.class)
                    .isEqualTo(
                            "{\"type\":\"https://shopwatch.io/problems/internal\",\"status\":500,\"detail\":\"boom\"}");
        }

        client.get()
                .uri("/api/v1/dashboards/after")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "600")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "unavailable")
                .jsonPath("$.route")
                .isEqualTo("dashboard")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("circuit breaker is open"));
        assertThat(FAILING.received()).hasSize(4);
    }

    @Test
    void accessLog_writesOneLinePerRequest() {
        Logger logger = (Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            client.get()
                    .uri("/api/v1/config/current?secret=hidden")
                    .header("X-Request-Id", "access-logged")
                    .exchange()
                    .expectStatus()
                    .isOk();

            await().atMost(Duration.ofSeconds(10)).until(() -> lines.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("id=access-logged")));
            ILoggingEvent line = lines.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("id=access-logged"))
                    .findFirst()
                    .orElseThrow();
            assertThat(line.getFormattedMessage())
                    .startsWith("GET /api/v1/config/current 200 ")
                    .contains("client=127.0.0.1", "route=config")
                    .doesNotContain("secret");
            // the request's own trace (as sent on to the service), with Reactor's automatic context propagation off
            String traceparent = SERVICES.get("config").received().stream()
                    .filter(r -> "access-logged".equals(r.header("X-Request-Id")))
                    .findFirst()
                    .orElseThrow()
                    .header("traceparent");
            assertThat(line.getMDCPropertyMap()).containsKey("traceId");
            assertThat(traceparent.split("-")[1])
                    .isEqualTo(line.getMDCPropertyMap().get("traceId"));
            assertThat(line.getKeyValuePairs())
                    .anySatisfy(kv -> assertThat(kv.key).isEqualTo("duration_ms"))
                    .anySatisfy(kv -> {
                        assertThat(kv.key).isEqualTo("route");
                        assertThat(kv.value).isEqualTo("config");
                    });
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void prometheus_exposesGatewayMetrics() {
        client.get()
                .uri("/api/v1/config/metrics-probe")
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/api/v1/missing-for-metrics")
                .exchange()
                .expectStatus()
                .isNotFound();

        String metrics = client.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(metrics)
                .contains("spring_cloud_gateway_requests_seconds_count")
                .contains("shopwatch_gateway_problems_total{")
                .contains("type=\"not-found\"")
                .contains("resilience4j_circuitbreaker_state");
    }

    private static RecordingServer.Received receivedWithRequestId(RecordingServer server, String requestId) {
        List<RecordingServer.Received> matching = server.received().stream()
                .filter(r -> requestId.equals(r.header("X-Request-Id")))
                .toList();
        assertThat(matching)
                .as("requests to %s with id %s", server.name(), requestId)
                .hasSize(1);
        return matching.get(0);
    }

    private static Flux<DataBuffer> chunks(int count, int size) {
        byte[] chunk = "y".repeat(size).getBytes(StandardCharsets.US_ASCII);
        return Flux.range(0, count).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk.clone()));
    }

    private static Socket reservePort() {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
