package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The frontend answers exactly what the store answered: status, content type and body bytes. */
class PassThroughTest extends FrontendTestSupport {

    private void assertSameAsStore(HttpResponse<byte[]> response, String marker) {
        StoreProxy.Seen store = proxy().last(marker);
        assertThat(response.statusCode()).isEqualTo(store.status());
        assertThat(response.headers().firstValue("Content-Type")).contains(store.contentType());
        assertThat(response.body()).isEqualTo(store.body());
    }

    @Test
    void search_answersTheStoresBytes() throws Exception {
        String org = unique("pass");
        Instant now = Instant.now();
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(now.minusSeconds(60)), "amount", 12, "msg", "a")));
        String sql = "SELECT * FROM \"orders\" WHERE msg = 'a'";
        HttpResponse<byte[]> response =
                frontendSearch(org, searchBody(sql, micros(now.minusSeconds(600)), micros(now.plusSeconds(1))));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).contains("\"amount\":12");
        assertSameAsStore(response, org);
    }

    @Test
    void storeErrors_arePassedOnUnchanged() throws Exception {
        String org = unique("pass");
        HttpResponse<byte[]> unknownStream =
                frontendSearch(org, searchBody("SELECT * FROM nowhere", 0, micros(Instant.now())));
        assertThat(unknownStream.statusCode()).isEqualTo(400);
        assertSameAsStore(unknownStream, org);

        HttpResponse<byte[]> noQuery = frontendSearch(org, "{\"sql\":\"" + org + "\"}");
        assertThat(noQuery.statusCode()).isEqualTo(422);
        assertSameAsStore(noQuery, org);
    }

    @Test
    void wrongCredentials_getTheStoresRefusal_andNoShopWatchTokenIsNeeded() throws Exception {
        String org = unique("pass");
        String wrong =
                "Basic " + Base64.getEncoder().encodeToString("root@example.com:nope".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> response =
                frontendSearch(org, searchBody("SELECT * FROM x", 0, micros(Instant.now())), "Authorization", wrong);
        assertThat(response.statusCode()).isEqualTo(401);
        assertSameAsStore(response, org);
    }

    @Test
    void streamsSchemaAndValues_arePassedThrough() throws Exception {
        String org = unique("pass");
        Instant now = Instant.now();
        ingest(org, "clicks", List.of(Map.of("_timestamp", micros(now.minusSeconds(30)), "page", "home")));

        HttpResponse<byte[]> streams = send(frontend("/api/" + org + "/streams?type=logs"), "GET", null);
        assertThat(streams.statusCode()).isEqualTo(200);
        assertThat(text(streams)).contains("clicks");
        assertSameAsStore(streams, "/api/" + org + "/streams?");

        HttpResponse<byte[]> schema = send(frontend("/api/" + org + "/streams/clicks/schema"), "GET", null);
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(text(schema)).contains("page");
        assertSameAsStore(schema, "/api/" + org + "/streams/clicks/schema");

        String values = "/api/" + org + "/clicks/_values?fields=page&start_time=" + micros(now.minusSeconds(600))
                + "&end_time=" + micros(now.plusSeconds(1));
        HttpResponse<byte[]> answer = send(frontend(values), "GET", null);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(text(answer)).contains("home");
        assertSameAsStore(answer, "/api/" + org + "/clicks/_values");
    }

    @Test
    void gzipBody_isUnpackedBeforeForwarding() throws Exception {
        String org = unique("pass");
        Instant now = Instant.now();
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(now.minusSeconds(60)), "amount", 7)));
        String body =
                searchBody("SELECT amount FROM orders", micros(now.minusSeconds(600)), micros(now.plusSeconds(1)));
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(body.getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(frontend("/api/" + org + "/_search")))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", BASIC)
                        .header("Content-Type", "application/json")
                        .header("Content-Encoding", "gzip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(packed.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).contains("\"amount\":7");
    }
}
