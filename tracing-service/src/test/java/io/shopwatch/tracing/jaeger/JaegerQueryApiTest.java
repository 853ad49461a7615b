package io.shopwatch.tracing.jaeger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.trace.OtlpJson;
import io.shopwatch.tracing.TracingTestBase;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Jaeger's query API through the running service, over spans in the embedded store's traces stream. */
class JaegerQueryApiTest extends TracingTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String API = JaegerQueryController.PREFIX + "/api";

    private final String suffix = "-" + UUID.randomUUID().toString().substring(0, 6);
    private final String traceId = newTraceId();
    private final long startMicros;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    JaegerQueryApiTest() {
        // ended a second ago, so a search ending now finds every span
        Instant now = Instant.now().minusSeconds(1);
        long t0 = now.getEpochSecond() * 1_000_000_000L + now.getNano() / 1000 * 1000;
        startMicros = t0 / 1000;
        for (Map<String, Object> template : List.of(JaegerTracesTest.checkout(), JaegerTracesTest.payment())) {
            Map<String, Object> row = new java.util.LinkedHashMap<>(template);
            row.put("trace_id", traceId);
            row.remove("reference_parent_trace_id");
            row.put("service_name", row.get("service_name") + suffix);
            long offset = (Long) row.get("start_time") - 1_700_000_000_000_000_000L;
            long length = (Long) row.get("end_time") - (Long) row.get("start_time");
            row.put("start_time", t0 + offset);
            row.put("end_time", t0 + offset + length);
            row.put("events", "[]");
            rows.add(row);
        }
    }

    private void store() {
        try (OpenObserveClient client = storeClient(ORG)) {
            var result = client.ingestTraces("default", JSON.writeValueAsBytes(OtlpJson.fromRows(rows)), rows.size());
            assertThat(result.failed()).isZero();
        }
    }

    private JsonNode getJson(String path, int status) throws Exception {
        HttpResponse<String> response = get(path, viewerToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void servicesAndOperations_areJaegersCountedLists() throws Exception {
        store();

        JsonNode services = getJson(API + "/services", 200);
        List<String> names = new ArrayList<>();
        services.path("data").forEach(n -> names.add(n.asString()));
        assertThat(names).contains("checkout" + suffix, "payment" + suffix);
        assertThat(services.path("total").asInt()).isEqualTo(names.size());
        assertThat(services.path("errors").isNull()).isTrue();

        JsonNode operations = getJson(API + "/services/payment" + suffix + "/operations", 200);
        assertThat(JSON.writeValueAsString(operations))
                .isEqualTo("{\"data\":[\"charge\"],\"total\":1,\"limit\":0,\"offset\":0,\"errors\":null}");
    }

    @Test
    void traceById_isTheWholeTraceInMicroseconds_andUnknownOrBadIdsAreJaegerErrors() throws Exception {
        store();

        JsonNode found = getJson(API + "/traces/" + traceId, 200);
        JsonNode trace = found.path("data").get(0);
        assertThat(trace.path("traceID").asString()).isEqualTo(traceId);
        assertThat(trace.path("spans").size()).isEqualTo(2);
        JsonNode payment = trace.path("spans").get(1);
        assertThat(payment.path("startTime").asLong()).isEqualTo(startMicros + 20_000);
        assertThat(payment.path("duration").asLong()).isEqualTo(80_000);
        assertThat(payment.path("references").get(0).path("refType").asString()).isEqualTo("CHILD_OF");
        assertThat(payment.path("references").get(0).path("spanID").asString()).isEqualTo("00000000000000a1");
        assertThat(trace.path("processes")
                        .path(payment.path("processID").asString())
                        .path("serviceName")
                        .asString())
                .isEqualTo("payment" + suffix);

        assertThat(JSON.writeValueAsString(getJson(API + "/traces/" + newTraceId(), 404)))
                .isEqualTo("{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,"
                        + "\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}");
        assertThat(getJson(API + "/traces/not-hex", 400)
                        .path("errors")
                        .get(0)
                        .path("code")
                        .asInt())
                .isEqualTo(400);
        assertThat(get(API + "/traces/" + traceId, null).statusCode()).isEqualTo(401);
    }

    @Test
    void search_filtersByServiceOperationTagsAndDuration_inMicroseconds() throws Exception {
        store();
        String range = "&start=" + (startMicros - 60_000_000L) + "&end=" + (startMicros + 600_000_000L);
        String payment = "payment" + suffix;

        JsonNode byTags = getJson(
                API + "/traces?service=" + payment + "&operation=charge&tags=" + encode("{\"error\":\"true\"}")
                        + "&minDuration=50ms&maxDuration=1s&limit=20" + range,
                200);
        assertThat(byTags.path("data").size()).isEqualTo(1);
        assertThat(byTags.path("data").get(0).path("traceID").asString()).isEqualTo(traceId);
        assertThat(byTags.path("data").get(0).path("spans").size()).isEqualTo(2);
        assertThat(byTags.path("total").asInt()).isZero();

        assertThat(getJson(API + "/traces?service=checkout" + suffix + "&tag=http.status_code:200" + range, 200)
                        .path("data")
                        .size())
                .isEqualTo(1);
        assertThat(getJson(API + "/traces?service=" + payment + "&minDuration=100ms" + range, 200)
                        .path("data")
                        .size())
                .isZero();
        assertThat(getJson(API + "/traces?service=" + payment + "&tag=no.such.attribute:1" + range, 200)
                        .path("data")
                        .size())
                .isZero();
        assertThat(getJson(API + "/traces?operation=charge", 400)
                        .path("errors")
                        .get(0)
                        .path("msg")
                        .asString())
                .contains("service");
    }

    @Test
    void dependencies_areTheServiceMapsCallsBetweenServices() throws Exception {
        HttpResponse<byte[]> sent =
                post("/v1/traces", "application/json", JSON.writeValueAsBytes(OtlpJson.fromRows(rows)), ingestToken());
        assertThat(sent.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode links = getJson(
                    API + "/dependencies?endTs=" + (System.currentTimeMillis() + 60_000) + "&lookback=3600000", 200);
            List<String> calls = new ArrayList<>();
            links.path("data")
                    .forEach(l -> calls.add(
                            l.path("parent").asString() + "->" + l.path("child").asString() + ":"
                                    + l.path("callCount").asLong()));
            assertThat(calls).contains("checkout" + suffix + "->payment" + suffix + ":1");
        });
    }
}
