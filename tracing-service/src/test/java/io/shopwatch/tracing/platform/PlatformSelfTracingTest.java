package io.shopwatch.tracing.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.trace.OtlpJson;
import io.shopwatch.relay.RelayApplication;
import io.shopwatch.testkit.TestTokens;
import io.shopwatch.tracing.TracingTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform traces itself: services export their spans to tracing-service with the platform credentials, which it
 * takes as ingest into the platform org alone; a request through two services is one trace of both.
 */
class PlatformSelfTracingTest extends TracingTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PLATFORM = "shopwatch-platform";
    private static final String USER = "tracing@example.com";
    private static final String PASSWORD = "tracing-secret";

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] otlpJson(String traceId) {
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        return ("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                        + "{\"stringValue\":\"config-service\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
                        + traceId
                        + "\",\"spanId\":\"00000000000000a1\",\"name\":\"GET /api/v1/config\",\"kind\":2,"
                        + "\"startTimeUnixNano\":\"" + (now - 5_000_000) + "\",\"endTimeUnixNano\":\"" + now
                        + "\"}]}]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void platformCredentials_areIngestOfThePlatformOrg_only() throws Exception {
        String traceId = newTraceId();

        HttpResponse<byte[]> plain =
                post("/v1/traces", "application/json", otlpJson(traceId), null, "Authorization", basic(USER, PASSWORD));
        HttpResponse<byte[]> orgPath = post(
                "/api/" + PLATFORM + "/v1/traces",
                "application/json",
                otlpJson(newTraceId()),
                null,
                "Authorization",
                basic(USER, PASSWORD));

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(orgPath.statusCode()).isEqualTo(200);
        List<ConsumerRecord<String, Envelope>> spans = spans(List.of(traceId), 1);
        assertThat(spans).hasSize(1);
        assertThat(spans.get(0).value().org()).isEqualTo(PLATFORM);

        // a wrong password, another org's path, a read: refused
        assertThat(post(
                                "/v1/traces",
                                "application/json",
                                otlpJson(newTraceId()),
                                null,
                                "Authorization",
                                basic(USER, "guess"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(post(
                                "/api/" + ORG + "/v1/traces",
                                "application/json",
                                otlpJson(newTraceId()),
                                null,
                                "Authorization",
                                basic(USER, PASSWORD))
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> read = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/traces?service=config-service"))
                        .header("Authorization", basic(USER, PASSWORD))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(401);
    }

    @Test
    void aRequestThroughTwoServices_isOneTraceOfBoth_readThroughTheTraceApi() throws Exception {
        String traceId = newTraceId();
        try (ConfigurableApplicationContext backend = RelayApplication.start("cart", null, baseUrl(), USER, PASSWORD);
                ConfigurableApplicationContext front =
                        RelayApplication.start("storefront-edge", url(backend), baseUrl(), USER, PASSWORD)) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(url(front) + "/relay"))
                            .header("traceparent", "00-" + traceId + "-00000000000000f1-01")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"hops\":2");
            for (ConfigurableApplicationContext service : List.of(front, backend)) {
                assertThat(service.getBean(SdkTracerProvider.class)
                                .forceFlush()
                                .join(10, TimeUnit.SECONDS)
                                .isSuccess())
                        .isTrue();
            }
        }

        // the spans are on Kafka for the platform org; the pipeline would store them: here the test does
        List<ConsumerRecord<String, Envelope>> records = spans(List.of(traceId), 3);
        assertThat(records).hasSizeGreaterThanOrEqualTo(3);
        assertThat(records).allSatisfy(r -> assertThat(r.value().org()).isEqualTo(PLATFORM));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ConsumerRecord<String, Envelope> r : records) {
            rows.add(JSON.convertValue(r.value().payload(), Map.class));
        }
        try (OpenObserveClient store = storeClient(PLATFORM)) {
            assertThat(store.ingestTraces("default", JSON.writeValueAsBytes(OtlpJson.fromRows(rows)), rows.size())
                            .failed())
                    .isZero();
        }

        String viewer = TestTokens.shared().token(PLATFORM, Role.VIEWER);
        JsonNode[] view = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> response = get("/api/v1/traces/" + traceId, viewer);
            assertThat(response.statusCode()).isEqualTo(200);
            view[0] = JSON.readTree(response.body());
            assertThat(view[0].path("spanCount").asInt()).isEqualTo(rows.size());
        });
        Set<String> services = new HashSet<>();
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        view[0].path("spans").forEach(s -> {
            services.add(s.path("service").asString());
            byId.put(s.path("spanId").asString(), s);
        });
        assertThat(services).containsExactlyInAnyOrder("storefront-edge", "cart");
        // cart's server span hangs under storefront-edge's client span, which hangs under its server span
        JsonNode cartServer = view[0].path("spans")
                .valueStream()
                .filter(s -> s.path("service").asString().equals("cart")
                        && s.path("kind").asString().equals("2"))
                .findFirst()
                .orElseThrow();
        JsonNode client = byId.get(cartServer.path("parentSpanId").asString());
        assertThat(client).isNotNull();
        assertThat(client.path("service").asString()).isEqualTo("storefront-edge");
        // ... up to storefront-edge's server span, whose parent is the caller's span of the traceparent sent
        JsonNode root = client;
        while (byId.containsKey(root.path("parentSpanId").asString())) {
            root = byId.get(root.path("parentSpanId").asString());
        }
        assertThat(root.path("service").asString()).isEqualTo("storefront-edge");
        assertThat(root.path("kind").asString()).isEqualTo("2");
        assertThat(root.path("parentSpanId").asString()).isEqualTo("00000000000000f1");
    }

    private static String url(ConfigurableApplicationContext service) {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) service).getWebServer().getPort();
    }
}
