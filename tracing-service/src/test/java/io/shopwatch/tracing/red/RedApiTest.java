package io.shopwatch.tracing.red;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.tracing.TracingTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** RED metrics and the service map through the running service, from spans received over OTLP. */
class RedApiTest extends TracingTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void receivedSpans_showInRedAndTheServiceMap() throws Exception {
        String service = "front-" + UUID.randomUUID().toString().substring(0, 6);
        Instant now = Instant.now();
        long start = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                 "scopeSpans":[{"spans":[
                  {"traceId":"%s","spanId":"0102030405060708","name":"GET /","kind":2,
                   "startTimeUnixNano":"%d","endTimeUnixNano":"%d","status":{"code":2}}]}]}]}
                """.formatted(service, newTraceId(), start, start + 30_000_000);
        assertThat(post("/v1/traces", "application/json", body.getBytes(StandardCharsets.UTF_8), ingestToken())
                        .statusCode())
                .isEqualTo(200);

        JsonNode red = JSON.readTree(
                get("/api/v1/traces/red?service=" + service, viewerToken()).body());
        assertThat(red.path("series").size()).isEqualTo(1);
        long requests = 0;
        long errors = 0;
        for (JsonNode point : red.path("series").get(0).path("points")) {
            requests += point.path("requests").asLong();
            errors += point.path("errors").asLong();
        }
        assertThat(requests).isEqualTo(1);
        assertThat(errors).isEqualTo(1);

        JsonNode map =
                JSON.readTree(get("/api/v1/traces/service-map", viewerToken()).body());
        boolean found = false;
        for (JsonNode edge : map.path("edges")) {
            if (edge.path("client").asString().equals("user")
                    && edge.path("server").asString().equals(service)) {
                found = true;
                assertThat(edge.path("requests").asLong()).isEqualTo(1);
            }
        }
        assertThat(found).isTrue();
        assertThat(get("/api/v1/traces/red?step=0m", viewerToken()).statusCode())
                .isEqualTo(400);
    }
}
