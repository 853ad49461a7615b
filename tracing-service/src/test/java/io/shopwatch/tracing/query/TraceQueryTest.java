package io.shopwatch.tracing.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.trace.OtlpJson;
import io.shopwatch.tracing.TracingTestBase;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Trace reading through the running service over spans stored in the embedded store's traces stream. */
class TraceQueryTest extends TracingTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MS = 1_000_000L;

    /**
     * Stores a checkout → cart, payment(error) → db trace that started a second ago and has ended (a search ends at
     * "now", so spans starting after the query would not be found yet); returns its id.
     */
    private static String storeTrace(String suffix) {
        String traceId = newTraceId();
        Instant now = Instant.now().minusSeconds(1);
        long t0 = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : List.of(
                TraceTreeTest.span("00000000000000a1", null, "checkout" + suffix, 0, 100, "UNSET"),
                TraceTreeTest.span("00000000000000b2", "00000000000000a1", "cart" + suffix, 5, 30, "OK"),
                TraceTreeTest.span("00000000000000c3", "00000000000000a1", "payment" + suffix, 35, 95, "ERROR"),
                TraceTreeTest.span("00000000000000d4", "00000000000000c3", "db" + suffix, 40, 90, "UNSET"))) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(row);
            copy.put("trace_id", traceId);
            copy.put("start_time", t0 + ((Long) row.get("start_time") - TraceTreeTest.T0));
            copy.put("end_time", t0 + ((Long) row.get("end_time") - TraceTreeTest.T0));
            rows.add(copy);
        }
        try (OpenObserveClient client = storeClient(ORG)) {
            var result = client.ingestTraces("default", JSON.writeValueAsBytes(OtlpJson.fromRows(rows)), rows.size());
            assertThat(result.failed()).isZero();
        }
        return traceId;
    }

    @Test
    void traceById_isTheTreeInWaterfallOrder() throws Exception {
        String traceId = storeTrace("");

        HttpResponse<String> response = get("/api/v1/traces/" + traceId.toUpperCase(), viewerToken());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode view = JSON.readTree(response.body());
        assertThat(view.path("traceId").asString()).isEqualTo(traceId);
        assertThat(view.path("spanCount").asInt()).isEqualTo(4);
        assertThat(view.path("errorCount").asInt()).isEqualTo(1);
        assertThat(view.path("duration").asLong()).isEqualTo(100_000);
        List<String> order = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        view.path("spans").forEach(s -> {
            order.add(s.path("service").asString());
            depths.add(s.path("depth").asInt());
        });
        assertThat(order).containsExactly("checkout", "cart", "payment", "db");
        assertThat(depths).containsExactly(0, 1, 1, 2);
        assertThat(view.path("spans").get(0).path("selfTime").asLong()).isEqualTo(15_000);
        assertThat(view.path("spans").get(2).path("error").asBoolean()).isTrue();
        assertThat(view.path("criticalPath").size()).isEqualTo(7);
    }

    @Test
    void traceById_showsTheLogsCarryingItsTraceId_oldestFirst_nearTheTraceOnly() throws Exception {
        String traceId = storeTrace("");
        long startMicros =
                JSON.readTree(get("/api/v1/traces/" + traceId, viewerToken()).body())
                                .path("startTime")
                                .asLong()
                        / 1000;
        try (OpenObserveClient client = storeClient(ORG)) {
            var result = client.ingest(
                    "default",
                    List.of(
                            Map.of("_timestamp", startMicros + 90_000, "trace_id", traceId, "message", "charge failed"),
                            Map.of("_timestamp", startMicros + 10_000, "trace_id", traceId, "message", "cart read"),
                            Map.of("_timestamp", startMicros + 20_000, "trace_id", newTraceId(), "message", "other"),
                            Map.of("_timestamp", startMicros - 600_000_000L, "trace_id", traceId, "message", "old")));
            assertThat(result.failed()).isZero();
        }

        JsonNode view =
                JSON.readTree(get("/api/v1/traces/" + traceId, viewerToken()).body());

        List<String> messages = new ArrayList<>();
        view.path("logs").forEach(log -> messages.add(log.path("message").asString()));
        assertThat(messages).containsExactly("cart read", "charge failed");
        assertThat(view.path("logs").get(0).path("trace_id").asString()).isEqualTo(traceId);
    }

    @Test
    void search_filtersBySpanAttribute_underItsStoredColumn() throws Exception {
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 6);
        String traceId = storeTrace(suffix);
        String payment = "/api/v1/traces?service=payment" + suffix;

        JsonNode found = JSON.readTree(get(payment + "&attr.http.route=/00000000000000c3", viewerToken())
                .body());
        assertThat(found.path("traces").size()).isEqualTo(1);
        assertThat(found.path("traces").get(0).path("traceId").asString()).isEqualTo(traceId);
        assertThat(JSON.readTree(get(payment + "&attr.http.route=/00000000000000a1", viewerToken())
                                .body())
                        .path("traces")
                        .size())
                .as("the attribute is on another span than the service's")
                .isZero();
        assertThat(JSON.readTree(get(payment + "&attr.no.such.key=1", viewerToken())
                                .body())
                        .path("traces")
                        .size())
                .isZero();
        assertThat(get(payment + "&attr.=x", viewerToken()).statusCode()).isEqualTo(400);
    }

    @Test
    void traceById_unknownIs404_andABadIdIs400_andItNeedsAToken() throws Exception {
        assertThat(get("/api/v1/traces/" + newTraceId(), viewerToken()).statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/traces/not-a-trace", viewerToken()).statusCode())
                .isEqualTo(400);
        assertThat(get("/api/v1/traces/" + newTraceId(), null).statusCode()).isEqualTo(401);
    }

    @Test
    void search_findsTracesBySpanServiceStatusAndDuration_summarisedOverTheWholeTrace() throws Exception {
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 6);
        String failing = storeTrace(suffix);

        JsonNode found = JSON.readTree(
                get("/api/v1/traces?service=payment" + suffix + "&status=error&minDuration=50ms", viewerToken())
                        .body());
        assertThat(found.path("traces").size()).isEqualTo(1);
        JsonNode trace = found.path("traces").get(0);
        assertThat(trace.path("traceId").asString()).isEqualTo(failing);
        assertThat(trace.path("spans").asLong()).isEqualTo(4);
        assertThat(trace.path("errors").asLong()).isEqualTo(1);
        assertThat(trace.path("duration").asLong()).isEqualTo(100_000);
        assertThat(trace.path("services").size()).isEqualTo(4);

        assertThat(JSON.readTree(get("/api/v1/traces?service=payment" + suffix + "&minDuration=1s", viewerToken())
                                .body())
                        .path("traces")
                        .size())
                .isZero();
        assertThat(JSON.readTree(get("/api/v1/traces?service=cart" + suffix + "&status=ERROR", viewerToken())
                                .body())
                        .path("traces")
                        .size())
                .isZero();
        assertThat(get("/api/v1/traces?limit=0", viewerToken()).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/traces?minDuration=fast", viewerToken()).statusCode())
                .isEqualTo(400);
    }
}
