package io.shopwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.SearchResult;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.testkit.openobserve.OpenObserveContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The OpenObserve contract suite against the embedded store, over HTTP on a random port with its own data directory. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedStoreContractTest extends OpenObserveContract {

    private static final Path DATA = tempDir();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("store.data-dir", DATA::toString);
        registry.add("store.root-user-email", () -> "contract@example.com");
        registry.add("store.root-user-password", () -> "contract-secret");
        registry.add("store.payload-limit", () -> "1048576");
    }

    @Override
    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    protected String user() {
        return "contract@example.com";
    }

    @Override
    protected String password() {
        return "contract-secret";
    }

    /** What this store does at the HTTP level beyond the shared contract. */
    @Nested
    class StoreHttp {

        private final HttpClient http = HttpClient.newHttpClient();

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private HttpRequest.Builder request(String path) {
            String auth =
                    Base64.getEncoder().encodeToString((user() + ":" + password()).getBytes(StandardCharsets.UTF_8));
            return HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Basic " + auth);
        }

        private static byte[] gzip(String text) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(text.getBytes(StandardCharsets.UTF_8));
            }
            return out.toByteArray();
        }

        @Test
        void ingest_acceptsFormContentTypeAndCompressedBodies() throws Exception {
            String s = stream("http");
            HttpResponse<String> form = send(request("/api/default/" + s + "/_json")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"a\":1,\"b\":\"x&y=z\"}]")));
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body())
                    .isEqualTo("{\"code\":200,\"status\":[{\"name\":\"" + s + "\",\"successful\":1,\"failed\":0}]}");
            HttpResponse<String> gz = send(request("/api/default/" + s + "/_multi")
                    .header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(gzip("{\"a\":2}\n\n{\"a\":3}\n"))));
            assertThat(gz.body()).contains("\"successful\":2");
            awaitCount("SELECT sum(a) AS total FROM \"" + s + "\"", "total", 6);
        }

        @Test
        void ingest_answersOpenObservesBytesAsJsonWithTheirLength() throws Exception {
            String s = stream("answer");
            String expected = "{\"code\":200,\"status\":[{\"name\":\"" + s + "\",\"successful\":2,\"failed\":0}]}";
            HttpResponse<String> json = send(request("/api/default/" + s + "/_json")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"a\":1},{\"a\":2}]")));
            HttpResponse<String> multi = send(request("/api/default/" + s + "/_multi")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"a\":3}\n{\"a\":4}\n")));
            for (HttpResponse<String> response : List.of(json, multi)) {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(expected);
                assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
                assertThat(response.headers().firstValueAsLong("Content-Length"))
                        .hasValue(expected.getBytes(StandardCharsets.UTF_8).length);
            }
            HttpResponse<String> metrics = send(request("/api/default/ingest/metrics/_json")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"__name__\":\"" + s
                            + "_up\",\"__type__\":\"gauge\",\"job\":\"j\",\"_timestamp\":" + nowMicros() / 1000
                            + ",\"value\":1}]")));
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .isEqualTo("{\"code\":200,\"status\":[{\"name\":\"" + s + "_up\",\"successful\":1,\"failed\":0}]}");
            assertThat(metrics.headers().firstValue("Content-Type")).contains("application/json");
        }

        @Test
        void bodiesLargerThanThePayloadLimit_areRefusedWith413_alsoAfterDecompression() throws Exception {
            String big = "[{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}]";
            HttpResponse<String> compressed = send(request("/api/default/" + stream("big") + "/_json")
                    .header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(big))));
            assertThat(compressed.statusCode()).isEqualTo(413);
            HttpResponse<String> plain = send(
                    request("/api/default/" + stream("big") + "/_json").POST(HttpRequest.BodyPublishers.ofString(big)));
            assertThat(plain.statusCode()).isEqualTo(413);
        }

        @Test
        void invalidJson_isA400WithOpenObservesShape() throws Exception {
            HttpResponse<String> response = send(request("/api/default/" + stream("bad") + "/_json")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"a\":")));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).startsWith("{\"code\":400,\"message\":\"Invalid json");
        }

        @Test
        void missingCredentials_get401WithOpenObservesChallenge() throws Exception {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/default/streams")));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"openobserve\"");
            assertThat(response.body()).isEqualTo("Unauthorized Access");
        }

        @Test
        void healthAndConfig_needNoCredentials() throws Exception {
            assertThat(send(HttpRequest.newBuilder(URI.create(baseUrl() + "/healthz")))
                            .body())
                    .isEqualTo("{\"status\":\"ok\"}");
            assertThat(send(HttpRequest.newBuilder(URI.create(baseUrl() + "/config")))
                            .body())
                    .contains("\"timestamp_column\":\"_timestamp\"")
                    .contains("\"query_default_limit\":1000");
        }

        @Test
        void search_withoutJsonContentType_is415() throws Exception {
            // pair 9
            HttpResponse<String> response =
                    send(request("/api/default/_search?type=logs").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(response.statusCode()).isEqualTo(415);
        }

        @Test
        void settings_addTheSameFieldOnce_andSetRetention() throws Exception {
            // pair 20
            String s = stream("settings");
            client().ingest(s, List.of(Map.of("level", "info")));
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> put = send(request("/api/default/streams/" + s + "/settings?type=logs")
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"index_fields\":{\"add\":[\"level\"],\"remove\":[]},\"data_retention\":7}")));
                assertThat(put.statusCode()).isEqualTo(200);
                assertThat(put.body()).isEqualTo("{\"code\":200,\"message\":\"\"}");
            }
            assertThat(client().stream(s, StreamType.LOGS).orElseThrow().settings())
                    .containsEntry("index_fields", List.of("level"))
                    .containsEntry("data_retention", 7);
            HttpResponse<String> unknown = send(request("/api/default/streams/" + s + "_none/settings")
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(unknown.statusCode()).isEqualTo(404);
            HttpResponse<String> noBody =
                    send(request("/api/default/streams/" + s + "/settings").PUT(HttpRequest.BodyPublishers.noBody()));
            assertThat(noBody.statusCode()).isEqualTo(415);
        }

        @Test
        void maxQueryRange_shortensTheSearchAndSaysSo() throws Exception {
            // pair 16
            String s = stream("range");
            long now = nowMicros();
            client().ingest(
                            s,
                            List.of(
                                    Map.of("n", 1, "_timestamp", now - 2 * 3_600_000_000L),
                                    Map.of("n", 2, "_timestamp", now - 60_000_000L)));
            send(request("/api/default/streams/" + s + "/settings")
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"max_query_range\":1}")));
            SearchResult result = client().search(SearchRequest.sql("SELECT n FROM \"" + s + "\"")
                    .range(now - 3 * 3_600_000_000L, now + 1_000_000)
                    .build());
            assertThat(result.hits()).extracting(h -> h.get("n")).containsExactly(2);
            assertThat(result.functionError())
                    .containsExactly("Query duration is modified due to query range restriction of 1 hours");
        }

        /**
         * PIVOT is not in the shared suite: OpenObserve's DataFusion has no planner for it (sqlparser parses it,
         * DataFusion answers "Unsupported ast node"), so only the store can be held to it.
         */
        @Test
        void pivot_turnsValuesIntoColumns_groupingByTheOtherColumns() throws Exception {
            String s = stream("pivot");
            client().ingest(
                            s,
                            List.of(
                                    Map.of("customer", "u1", "level", "info", "n", 3),
                                    Map.of("customer", "u2", "level", "error", "n", 5),
                                    Map.of("customer", "u1", "level", "info", "n", 7),
                                    Map.of("customer", "u1", "level", "error", "n", 1)));
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 4);
            SearchResult result = search("SELECT * FROM (SELECT customer, level, n FROM \"" + s + "\")"
                    + " PIVOT (sum(n) FOR level IN ('info', 'error')) AS p ORDER BY customer");
            assertThat(result.hits()).hasSize(2);
            assertThat(result.hits().get(0))
                    .containsEntry("customer", "u1")
                    .containsEntry("info", 10)
                    .containsEntry("error", 1);
            assertThat(result.hits().get(1))
                    .containsEntry("customer", "u2")
                    .containsEntry("error", 5)
                    .doesNotContainKey("info");
        }

        @Test
        void values_requireStartTime() throws Exception {
            HttpResponse<String> response = send(request("/api/default/x/_values?fields=a&end_time=1"));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("start_time is empty");
        }

        @Test
        void actuatorHealth_includesDuckDb() throws Exception {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")));
            assertThat(response.body()).contains("\"duckdb\"").contains("\"status\":\"UP\"");
        }
    }

    /** A fresh data directory, removed when the test JVM exits. */
    static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("store-contract");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort while the JVM exits
        }
    }
}
