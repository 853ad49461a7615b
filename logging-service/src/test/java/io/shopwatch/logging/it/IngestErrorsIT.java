package io.shopwatch.logging.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Whole-request refusals come as problem+json with a stable type: unparseable body 400, wrong content type 415,
 * too large 413; and what was counted shows on /actuator/prometheus. (This context allows 256 KB and 1,000 records.)
 */
@IngestIT
class IngestErrorsIT {

    @LocalServerPort
    int port;

    IngestHttp http;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
    }

    @Test
    void unparseableBody_is400ProblemJson() {
        HttpResponse<String> response =
                http.postJson("/api/v1/logs", "[{\"level\":\"info\",\"service\":\"s\",\"message\":\"m\"}, {oops");

        assertProblem(response, 400, "malformed-body");
        assertThat(IngestHttp.json(response).get("detail").asString())
                .startsWith("request body is not valid JSON at line 1");
    }

    @Test
    void aBodyThatIsNotAnArrayOrObject_is400() {
        assertProblem(http.postJson("/api/v1/events", "\"hello\""), 400, "malformed-body");
        assertProblem(http.postJson("/api/v1/events", ""), 400, "malformed-body");
    }

    @Test
    void ndjsonWithoutASingleValidLine_is400() {
        assertProblem(http.post("/api/v1/logs", "application/x-ndjson", "not json\nnor this\n"), 400, "malformed-body");
    }

    @Test
    void wrongContentType_is415ProblemJson() {
        assertProblem(http.post("/api/v1/logs", "text/plain", "level=info"), 415, "unsupported-media-type");
        assertProblem(http.post("/api/v1/events", null, "[]"), 415, "unsupported-media-type");
    }

    @Test
    void unsupportedContentEncoding_is415() {
        assertProblem(
                http.post("/api/v1/logs", "application/json", "[]", "Content-Encoding", "br"),
                415,
                "unsupported-media-type");
    }

    @Test
    void bodyOverTheLimit_is413ProblemJson() {
        String message = "x".repeat(300 * 1024);
        String body = "[{\"level\":\"info\",\"service\":\"s\",\"message\":\"" + message + "\"}]";

        HttpResponse<String> response = http.postJson("/api/v1/logs", body);

        assertProblem(response, 413, "payload-too-large");
        assertThat(IngestHttp.json(response).get("detail").asString()).contains("262144 bytes");
    }

    @Test
    void gzipBodyOverTheLimitOnceDecompressed_is413() {
        String body = "[{\"level\":\"info\",\"service\":\"s\",\"message\":\"" + " ".repeat(400 * 1024) + "\"}]";
        byte[] compressed = IngestHttp.gzip(body);
        assertThat(compressed.length).isLessThan(256 * 1024);

        assertProblem(
                http.post("/api/v1/logs", "application/json", compressed, "Content-Encoding", "gzip"),
                413,
                "payload-too-large");
    }

    @Test
    void moreRecordsThanAllowed_is413WithTheReason() {
        String body = "[" + "{},".repeat(1000) + "{}]";

        HttpResponse<String> response = http.postJson("/api/v1/events", body);

        assertProblem(response, 413, "payload-too-large");
        assertThat(IngestHttp.json(response).get("detail").asString()).contains("more than 1000 records");
    }

    @Test
    void invalidOrgHeader_is400() {
        assertProblem(http.postJson("/api/v1/logs", "[]", "X-ShopWatch-Org", "no/such org"), 400, "validation");
    }

    @Test
    void rejectsAndAcceptsAreCountedOnPrometheus() {
        http.postJson("/api/v1/logs", "[{\"level\":\"info\",\"service\":\"s\",\"message\":\"m\"},{\"level\":\"\"}]");

        String metrics = http.get("/actuator/prometheus").body();

        assertThat(metrics)
                .containsPattern("shopwatch_ingest_records_total\\{[^}]*kind=\"logs\",outcome=\"accepted\"")
                .containsPattern(
                        "shopwatch_ingest_records_total\\{[^}]*kind=\"logs\",outcome=\"rejected\",reason=\"invalid_field\"")
                .contains("shopwatch_ingest_batch_records")
                .contains("shopwatch_ingest_latency_seconds_bucket");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = IngestHttp.json(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://shopwatch.io/problems/" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }
}
