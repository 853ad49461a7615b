package io.shopwatch.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.openobserve.SearchRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The log shippers' protocols on the production path: a record posted the way Fluent Bit, Vector, Logstash, an
 * OpenTelemetry exporter or Promtail posts it (with the ingest token the gateway sends for their API key) goes
 * through Kafka and the pipeline and is found in the store with its card and phone numbers masked, stored once
 * however often the shipper sends it again.
 */
class ShipperIngestIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ORG = "shippers";
    private static final String CARD = "4111111111111111";
    private static final String PHONE = "13812345678";
    private static final Instant T = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);

    private static IngestPath path;

    @BeforeAll
    static void start() {
        path = IngestPath.start();
        path.awaitStoring();
    }

    @AfterAll
    static void stop() {
        if (path != null) {
            path.close();
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static JsonNode post(String uri, String contentType, String body) {
        HttpResponse<String> response = path.postAsIngest(uri, ORG, contentType, body.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    private static List<Map<String, Object>> rows(String stream, String run) {
        try {
            return path.store()
                    .forOrg(ORG)
                    .search(SearchRequest.sql("SELECT * FROM \"" + stream + "\" WHERE run = '" + run + "'")
                            .range(T.minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)))
                            .build())
                    .hits();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Test
    void json_cardAndPhoneAreMasked_andARepeatIsStoredOnce() {
        String body = """
                [{"run": "json-1", "log": "paid with card %s, call %s", "_timestamp": %d,
                  "kubernetes": {"pod_name": "checkout-7f9"}}]
                """.formatted(CARD, PHONE, micros(T));

        JsonNode first = post("/api/" + ORG + "/Shop-Logs/_json", "application/json", body);
        post("/api/" + ORG + "/Shop-Logs/_json", "application/json", body);
        // one partition: once this later record is stored, the repeat before it has been through the pipeline
        post(
                "/api/" + ORG + "/Shop-Logs/_json",
                "application/json",
                "[{\"run\": \"json-sentinel\", \"message\": \"after\", \"_timestamp\": " + micros(T.plusSeconds(1))
                        + "}]");

        assertThat(first.get("code").asInt()).isEqualTo(200);
        assertThat(first.get("status").get(0).get("name").asString()).isEqualTo("shop_logs");
        assertThat(first.get("status").get(0).get("successful").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> !rows("shop_logs", "json-sentinel").isEmpty());
        List<Map<String, Object>> rows = rows("shop_logs", "json-1");
        assertThat(rows).as("the repeat is not stored again").hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("log").toString())
                .doesNotContain(CARD)
                .doesNotContain(PHONE)
                .contains("*");
        assertThat(row.get("message").toString()).doesNotContain(CARD).doesNotContain(PHONE);
        assertThat(row.get("kubernetes_pod_name")).isEqualTo("checkout-7f9");
        assertThat(row.get("level")).isEqualTo("INFO");
        assertThat(((Number) row.get("_timestamp")).longValue()).isEqualTo(micros(T));
    }

    @Test
    void bulk_otlpJson_andLokiJson_areMaskedToo() {
        String bulk = """
                {"index": {"_index": "es_logs", "_id": "bulk-1"}}
                {"run": "bulk-1", "message": "card %s", "@timestamp": "%s"}
                """.formatted(CARD, T);
        String otlp = """
                {"resourceLogs": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "cart"}}]},
                  "scopeLogs": [{"logRecords": [{"timeUnixNano": "%d", "severityNumber": 17,
                    "traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "b7ad6b7169203331",
                    "body": {"stringValue": "phone %s"},
                    "attributes": [{"key": "run", "value": {"stringValue": "otlp-1"}}]}]}]}]}
                """.formatted(micros(T) * 1000, PHONE);
        String loki = """
                {"streams": [{"stream": {"job": "promtail", "run": "loki-1"},
                  "values": [["%d", "card %s"]]}]}
                """.formatted(micros(T) * 1000, CARD);

        JsonNode bulkAnswer = post("/api/" + ORG + "/_bulk", "application/x-ndjson", bulk);
        post("/api/" + ORG + "/v1/logs", "application/json", otlp);
        post("/loki/api/v1/push", "application/json", loki);

        assertThat(bulkAnswer.get("errors").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> !rows("es_logs", "bulk-1").isEmpty()
                        && !rows("default", "otlp-1").isEmpty()
                        && !rows("default", "loki-1").isEmpty());
        assertThat(rows("es_logs", "bulk-1").get(0).get("message").toString()).doesNotContain(CARD);
        Map<String, Object> otel = rows("default", "otlp-1").get(0);
        assertThat(otel.get("body").toString()).doesNotContain(PHONE);
        assertThat(otel.get("trace_id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(otel.get("level")).isEqualTo("ERROR");
        assertThat(otel.get("service_name")).isEqualTo("cart");
        assertThat(rows("default", "loki-1").get(0).get("message").toString()).doesNotContain(CARD);
    }
}
