package io.shopwatch.common.openobserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's transport behaviour against a scripted HTTP server: what is sent (auth, gzip), what is retried (5xx and
 * connection errors only), how partial ingestion failures and OpenObserve's error bodies surface, what is measured.
 */
class OpenObserveClientTest {

    /** One scripted answer. */
    private record Answer(int status, String body, Map<String, String> headers) {
        static Answer of(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    /** What the server received. */
    private record Received(String method, String path, Map<String, List<String>> headers, String body) {}

    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()),
                body));
        Answer answer = answers.isEmpty() ? Answer.of(500, "no answer scripted") : answers.poll();
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private OpenObserveClient client(int gzipMinBytes) {
        return new OpenObserveClient(
                OpenObserveClientSettings.builder(
                                "http://127.0.0.1:" + server.getAddress().getPort())
                        .org("acme")
                        .basicAuth("root@example.com", "secret")
                        .retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                        .gzipMinBytes(gzipMinBytes)
                        .build(),
                registry);
    }

    @Test
    void ingest_sendsBasicAuthAndGzip_andReportsPerStreamCounts() {
        answers.add(Answer.of(
                200,
                "{\"code\":200,\"status\":[{\"name\":\"orders\",\"successful\":1,\"failed\":1,"
                        + "\"error\":\"Too old data, only last 5 hours data can be ingested.\"}]}"));

        IngestResult result = client(0).ingest("orders", List.of(Map.of("a", 1), Map.of("a", 2)));

        assertThat(result.successful()).isEqualTo(1);
        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.hasFailures()).isTrue();
        assertThat(result.firstError()).contains("Too old data, only last 5 hours data can be ingested.");
        Received request = received.get(0);
        assertThat(request.path()).isEqualTo("/api/acme/orders/_json");
        assertThat(request.headers().get("Authorization")).containsExactly("Basic cm9vdEBleGFtcGxlLmNvbTpzZWNyZXQ=");
        assertThat(request.headers().get("Content-encoding")).containsExactly("gzip");
        assertThat(request.body()).isEqualTo("[{\"a\":1},{\"a\":2}]");
        assertThat(registry.get("openobserve.client.records")
                        .tag("result", "failed")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void ingestJson_sendsTheDocumentsBytesAsOneArray() {
        answers.add(Answer.of(200, "{\"code\":200,\"status\":[{\"name\":\"s\",\"successful\":3,\"failed\":0}]}"));
        List<byte[]> documents = List.of(
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                "{\"b\":\"é\"}".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));

        IngestResult result = client(-1).ingestJson("s", documents);

        assertThat(result.successful()).isEqualTo(3);
        Received request = received.get(0);
        assertThat(request.path()).isEqualTo("/api/acme/s/_json");
        assertThat(request.body()).isEqualTo("[{\"a\":1},{\"b\":\"é\"},{}]");
    }

    @Test
    void withHeaders_sendsThemOnEveryRequest_ofEveryOrgView_andLeavesTheClientAlone() {
        answers.add(Answer.of(200, "{\"code\":200,\"status\":[{\"name\":\"s\",\"successful\":1,\"failed\":0}]}"));
        answers.add(Answer.of(200, "{\"code\":200,\"status\":[{\"name\":\"s\",\"successful\":1,\"failed\":0}]}"));
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        OpenObserveClient plain = client(-1);

        plain.withHeaders(Map.of("traceparent", traceparent))
                .forOrg("other")
                .ingestJson("s", List.of("{}".getBytes(StandardCharsets.UTF_8)));
        plain.ingestJson("s", List.of("{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(received.get(0).path()).isEqualTo("/api/other/s/_json");
        assertThat(received.get(0).headers().get("Traceparent")).containsExactly(traceparent);
        assertThat(received.get(0).headers()).containsKey("Authorization");
        assertThat(received.get(1).headers()).doesNotContainKey("Traceparent");
        assertThat(plain.withHeaders(Map.of())).isSameAs(plain);
    }

    @Test
    void smallBodies_areSentUncompressed_andNdjsonIsOneRecordPerLine() {
        answers.add(Answer.of(200, "{\"code\":200,\"status\":[{\"name\":\"s\",\"successful\":2,\"failed\":0}]}"));
        client(1024).ingestNdjson("s", List.of(Map.of("a", 1), Map.of("a", 2)));
        Received request = received.get(0);
        assertThat(request.path()).isEqualTo("/api/acme/s/_multi");
        assertThat(request.headers()).doesNotContainKey("Content-encoding");
        assertThat(request.body()).isEqualTo("{\"a\":1}\n{\"a\":2}\n");
    }

    @Test
    void serverErrors_areRetriedWithBackoff_untilSuccess() {
        answers.add(Answer.of(503, "{\"code\":503,\"message\":\"memtable full\"}"));
        answers.add(Answer.of(502, "bad gateway"));
        answers.add(Answer.of(200, "{\"code\":200,\"status\":[{\"name\":\"s\",\"successful\":1,\"failed\":0}]}"));

        IngestResult result = client(1024).ingest("s", List.of(Map.of("a", 1)));

        assertThat(result.successful()).isEqualTo(1);
        assertThat(received).hasSize(3);
        assertThat(registry.get("openobserve.client.retries").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("openobserve.client.requests")
                        .tag("status", "503")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void serverErrors_surfaceAfterTheLastAttempt() {
        for (int i = 0; i < 3; i++) {
            answers.add(Answer.of(503, "{\"code\":503,\"message\":\"memtable full\"}"));
        }
        OpenObserveException e = catchThrowableOfType(
                OpenObserveException.class, () -> client(1024).ingest("s", List.of(Map.of())));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).isEqualTo("memtable full");
        assertThat(received).hasSize(3);
    }

    @Test
    void clientErrors_areNeverRetried_andCarryOpenObservesCodeAndDetail() {
        answers.add(Answer.of(
                400,
                "{\"code\":20001,\"message\":\"Search SQL not valid\",\"error_detail\":\"syntax error at SELEC\","
                        + "\"trace_id\":\"abc\"}"));

        OpenObserveException e = catchThrowableOfType(OpenObserveException.class, () -> client(1024)
                .search(SearchRequest.sql("SELEC 1").build()));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo(OpenObserveException.SEARCH_SQL_NOT_VALID);
        assertThat(e.errorDetail()).isEqualTo("syntax error at SELEC");
        assertThat(e.traceId()).isEqualTo("abc");
        assertThat(e.isTransient()).isFalse();
        assertThat(received).hasSize(1);
    }

    @Test
    void search_sendsOpenObservesRequestShape_andReadsTheAnswer() {
        answers.add(Answer.of(
                200,
                "{\"took\":3,\"hits\":[{\"_timestamp\":1,\"n\":2}],\"total\":10,\"from\":5,\"size\":1,"
                        + "\"scan_size\":0,\"scan_records\":1,\"function_error\":[\"Warn: capped\"],"
                        + "\"histogram_interval\":60,\"trace_id\":\"t\",\"is_partial\":false}"));

        SearchResult result = client(-1)
                .search(SearchRequest.sql("SELECT * FROM \"s\"")
                        .range(100, 200)
                        .from(5)
                        .size(1)
                        .trackTotalHits(true)
                        .type(StreamType.METRICS)
                        .build());

        assertThat(received.get(0).path()).isEqualTo("/api/acme/_search?type=metrics");
        assertThat(received.get(0).body())
                .isEqualTo("{\"query\":{\"sql\":\"SELECT * FROM \\\"s\\\"\",\"start_time\":100,\"end_time\":200,"
                        + "\"from\":5,\"size\":1,\"track_total_hits\":true}}");
        assertThat(result.hits()).containsExactly(Map.of("_timestamp", 1, "n", 2));
        assertThat(result.total()).isEqualTo(10);
        assertThat(result.functionError()).containsExactly("Warn: capped");
        assertThat(result.histogramInterval()).isEqualTo(60L);
    }

    @Test
    void streams_listSchemaAndDelete() {
        String stream = "{\"name\":\"s\",\"stream_type\":\"logs\",\"storage_type\":\"disk\",\"stats\":{\"doc_num\":3,"
                + "\"doc_time_min\":1,\"doc_time_max\":2,\"storage_size\":0.5},\"schema\":[{\"name\":\"a\",\"type\":\"Int64\"}],"
                + "\"settings\":{\"data_retention\":7}}";
        answers.add(Answer.of(200, "{\"list\":[" + stream + "],\"total\":1}"));
        answers.add(Answer.of(200, stream));
        answers.add(Answer.of(404, "{\"code\":404,\"message\":\"stream not found\"}"));
        answers.add(Answer.of(200, "{\"code\":200,\"message\":\"stream deleted\"}"));
        answers.add(Answer.of(404, "{\"code\":404,\"message\":\"stream not found\"}"));
        OpenObserveClient client = client(1024);

        assertThat(client.listStreams(StreamType.LOGS))
                .singleElement()
                .satisfies(s -> assertThat(s.stats().docNum()).isEqualTo(3));
        assertThat(client.stream("s", StreamType.LOGS).orElseThrow().fieldType("a"))
                .contains("Int64");
        assertThat(client.stream("nope", StreamType.LOGS)).isEmpty();
        assertThat(client.deleteStream("s", StreamType.LOGS)).isTrue();
        assertThat(client.deleteStream("nope", StreamType.LOGS)).isFalse();
        assertThat(received).extracting(Received::method).containsExactly("GET", "GET", "GET", "DELETE", "DELETE");
    }

    @Test
    void connectionErrors_areRetried_thenReportedWithoutAStatus() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenObserveClient client = new OpenObserveClient(
                OpenObserveClientSettings.builder("http://127.0.0.1:" + closedPort)
                        .retry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5)))
                        .build(),
                registry);

        OpenObserveException e =
                catchThrowableOfType(OpenObserveException.class, () -> client.ingest("s", List.of(Map.of())));

        assertThat(e.status()).isZero();
        assertThat(e.isTransient()).isTrue();
        assertThat(registry.get("openobserve.client.retries").counter().count()).isEqualTo(1.0);
        assertThat(client.healthy()).isFalse();
    }

    @Test
    void retryPolicy_capsBackoffAndHonoursRetryAfter() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300));
        assertThat(policy.backoff(1, null)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(policy.backoff(4, null)).isLessThanOrEqualTo(Duration.ofMillis(300));
        assertThat(policy.backoff(1, Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(300));
        assertThat(RetryPolicy.retryableStatus(503)).isTrue();
        assertThat(RetryPolicy.retryableStatus(429)).isFalse();
    }

    @Test
    void credentials_neverShowTheirSecret() {
        assertThat(OpenObserveCredentials.basic("u", "p4ss").toString()).doesNotContain("p4ss");
        assertThat(OpenObserveCredentials.ingestionToken("org", "o2oi_secret").toString())
                .doesNotContain("o2oi_secret");
        assertThat(OpenObserveCredentials.ingestionToken("org", "tok").authorizationHeader())
                .isEqualTo("Basic b3JnOnRvaw==");
    }
}
