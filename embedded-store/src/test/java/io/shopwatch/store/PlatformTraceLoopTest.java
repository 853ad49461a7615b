package io.shopwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.shopwatch.common.tracing.PlatformTraceExportProperties;
import io.shopwatch.testkit.RecordingSpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The store's spans are stored in the platform org (exported to tracing-service, through Kafka and the pipeline, back
 * into this store): writing them must make no new span, or every span would beget another without end. Here the
 * store's exported spans are fed back into the platform org's OTLP and JSON routes, round after round, and the spans
 * exported stay what they were; a write into another org is traced as before. With platform tracing on, the store
 * exports its spans to tracing-service (here a stand-in) with the platform credentials, as every service does.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.tracing.sampling.probability=1.0", "shopwatch.platform-tracing.enabled=true"})
class PlatformTraceLoopTest {

    /** Stands in for tracing-service: the OTLP/HTTP requests the store's exporter sends, by path and credentials. */
    private static final List<String> EXPORTS = new CopyOnWriteArrayList<>();

    private static final HttpServer TRACING_SERVICE = tracingService();

    private static final String USER = "loop@example.com";
    private static final String PASSWORD = "loop-secret";
    private static final String PLATFORM = PlatformTraceExportProperties.DEFAULT_ORG;
    private static final RecordingSpanExporter SPANS = new RecordingSpanExporter();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("store.data-dir", () -> EmbeddedStoreContractTest.tempDir().toString());
        registry.add("store.root-user-email", () -> USER);
        registry.add("store.root-user-password", () -> PASSWORD);
        registry.add("shopwatch.openobserve.user", () -> "platform@example.com");
        registry.add("shopwatch.openobserve.password", () -> "platform-secret");
        registry.add(
                "shopwatch.platform-tracing.url",
                () -> "http://127.0.0.1:" + TRACING_SERVICE.getAddress().getPort());
    }

    private static HttpServer tracingService() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                EXPORTS.add(exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization"));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopTracingService() {
        TRACING_SERVICE.stop(0);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RecordedSpans {
        @Bean
        SpanExporter recordingSpanExporter() {
            return SPANS;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    SdkTracerProvider tracerProvider;

    private int post(String path, String body) throws Exception {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Every span the store made so far, once its batch processor has handed them to the exporters. */
    private List<SpanData> exported() {
        tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
        return SPANS.all();
    }

    /** The spans as OTLP JSON, as the pipeline writes the platform's spans into the store. */
    private static String otlp(List<SpanData> spans) {
        List<String> json = new ArrayList<>();
        for (SpanData span : spans) {
            json.add("{\"traceId\":\"" + span.getTraceId() + "\",\"spanId\":\"" + span.getSpanId()
                    + "\",\"name\":\"" + span.getName().replace("\"", "'") + "\",\"kind\":2,\"startTimeUnixNano\":\""
                    + span.getStartEpochNanos() + "\",\"endTimeUnixNano\":\"" + span.getEndEpochNanos() + "\"}");
        }
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"embedded-store\"}}]},\"scopeSpans\":[{\"spans\":[" + String.join(",", json)
                + "]}]}]}";
    }

    @Test
    void writesIntoThePlatformOrg_makeNoSpan_soExportedSpansStayBounded() throws Exception {
        long now = Instant.now().toEpochMilli() * 1000;
        assertThat(post(
                        "/api/default/loop_app/_json",
                        "[{\"message\":\"a shop's record\",\"_timestamp\":" + now + "}]"))
                .isEqualTo(200);
        List<SpanData> before = exported();
        assertThat(before).as("a write into another org is traced").anySatisfy(span -> assertThat(span.getName())
                .contains("_json"));

        for (int round = 0; round < 3; round++) {
            assertThat(post("/api/" + PLATFORM + "/v1/traces", otlp(exported())))
                    .isEqualTo(200);
            assertThat(post(
                            "/api/" + PLATFORM + "/platform_logs/_json",
                            "[{\"message\":\"m\",\"_timestamp\":" + now + "}]"))
                    .isEqualTo(200);
            assertThat(post(
                            "/api/" + PLATFORM + "/platform_logs/_multi",
                            "{\"message\":\"m\",\"_timestamp\":" + now + "}"))
                    .isEqualTo(200);
            assertThat(post(
                            "/api/" + PLATFORM + "/ingest/metrics/_json",
                            "[{\"__name__\":\"m\",\"value\":1,\"_timestamp\":" + now + "}]"))
                    .isEqualTo(200);
        }

        assertThat(exported()).as("the spans exported after feeding them back").hasSameSizeAs(before);
        String platformCredentials = "Basic "
                + Base64.getEncoder()
                        .encodeToString("platform@example.com:platform-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(EXPORTS)
                .as("the store's spans exported over OTLP/HTTP to tracing-service's platform org")
                .contains("/api/" + PLATFORM + "/v1/traces " + platformCredentials);
    }
}
