package io.shopwatch.tracing.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Span rows as Jaeger's query API shows them, checked against JSON written out by hand from Jaeger's model. */
class JaegerTracesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TRACE = "5b8efff798038103d269b633813fc60c";
    /** 2023-11-14T22:13:20Z in ns. */
    private static final long T0 = 1_700_000_000_000_000_000L;

    static Map<String, Object> checkout() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("trace_id", TRACE);
        row.put("span_id", "00000000000000a1");
        row.put("service_name", "checkout");
        row.put("service_k8s_pod_name", "checkout-7d9");
        row.put("operation_name", "POST /checkout");
        row.put("span_kind", "2");
        row.put("span_status", "OK");
        row.put("status_code", 1);
        row.put("start_time", T0);
        row.put("end_time", T0 + 120_500_000L);
        row.put("duration", 120_500L);
        row.put("_timestamp", T0 / 1000);
        row.put("http_route", "/checkout");
        row.put("http_status_code", 200);
        row.put("events", "[]");
        row.put("links", "[]");
        return row;
    }

    static Map<String, Object> payment() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("trace_id", TRACE);
        row.put("span_id", "00000000000000b2");
        row.put("reference_parent_span_id", "00000000000000a1");
        row.put("reference_parent_trace_id", TRACE);
        row.put("reference_ref_type", "ChildOf");
        row.put("service_name", "payment");
        row.put("operation_name", "charge");
        row.put("span_kind", "3");
        row.put("span_status", "ERROR");
        row.put("status_code", 2);
        row.put("status_message", "card declined");
        row.put("start_time", T0 + 20_000_000L);
        row.put("end_time", T0 + 100_000_000L);
        row.put("duration", 80_000L);
        row.put("_timestamp", (T0 + 20_000_000L) / 1000);
        row.put("peer_service", "psp");
        row.put("retry_ratio", 0.5);
        row.put("events", "[{\"name\":\"retry\",\"_timestamp\":" + (T0 + 50_000_000L) + ",\"attempt\":2}]");
        row.put(
                "links",
                "[{\"context\":{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\","
                        + "\"traceFlags\":1},\"droppedAttributesCount\":0}]");
        return row;
    }

    @Test
    void of_isJaegersTraceJson() throws Exception {
        JaegerModel.Trace trace = JaegerTraces.of(TRACE, List.of(checkout(), payment()));

        String expected = """
                {"data":[{"traceID":"5b8efff798038103d269b633813fc60c",
                  "spans":[
                    {"traceID":"5b8efff798038103d269b633813fc60c","spanID":"00000000000000a1",
                     "operationName":"POST /checkout","references":[],
                     "startTime":1700000000000000,"duration":120500,
                     "tags":[{"key":"http_route","type":"string","value":"/checkout"},
                             {"key":"http_status_code","type":"int64","value":200},
                             {"key":"span.kind","type":"string","value":"server"},
                             {"key":"otel.status_code","type":"string","value":"OK"}],
                     "logs":[],"processID":"p1","warnings":null},
                    {"traceID":"5b8efff798038103d269b633813fc60c","spanID":"00000000000000b2",
                     "operationName":"charge",
                     "references":[
                       {"refType":"CHILD_OF","traceID":"5b8efff798038103d269b633813fc60c","spanID":"00000000000000a1"},
                       {"refType":"FOLLOWS_FROM","traceID":"0af7651916cd43dd8448eb211c80319c","spanID":"b7ad6b7169203331"}],
                     "startTime":1700000000020000,"duration":80000,
                     "tags":[{"key":"peer_service","type":"string","value":"psp"},
                             {"key":"retry_ratio","type":"float64","value":0.5},
                             {"key":"span.kind","type":"string","value":"client"},
                             {"key":"otel.status_code","type":"string","value":"ERROR"},
                             {"key":"otel.status_description","type":"string","value":"card declined"},
                             {"key":"error","type":"bool","value":true}],
                     "logs":[{"timestamp":1700000000050000,
                              "fields":[{"key":"event","type":"string","value":"retry"},
                                        {"key":"attempt","type":"int64","value":2}]}],
                     "processID":"p2","warnings":null}],
                  "processes":{
                    "p1":{"serviceName":"checkout","tags":[{"key":"k8s_pod_name","type":"string","value":"checkout-7d9"}]},
                    "p2":{"serviceName":"payment","tags":[]}},
                  "warnings":null}],
                 "total":0,"limit":0,"offset":0,"errors":null}
                """;
        String actual = JSON.writeValueAsString(JaegerModel.Response.of(List.of(trace)));
        assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
    }

    @Test
    void of_sharesAProcessBetweenSpansOfTheSameServiceAndResource_andShowsASpanIdOnce() {
        Map<String, Object> second = checkout();
        second.put("span_id", "00000000000000c3");

        JaegerModel.Trace trace = JaegerTraces.of(TRACE, List.of(checkout(), second, checkout()));

        assertThat(trace.spans()).extracting(JaegerModel.Span::processID).containsExactly("p1", "p1");
        assertThat(trace.processes()).containsOnlyKeys("p1");
    }

    @Test
    void error_andCounted_areJaegersEnvelope() throws Exception {
        assertThat(JSON.readTree(JSON.writeValueAsString(JaegerModel.Response.error(404, "trace not found"))))
                .isEqualTo(JSON.readTree("{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,"
                        + "\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}"));
        assertThat(JSON.readTree(JSON.writeValueAsString(JaegerModel.Response.counted(List.of("cart", "payment")))))
                .isEqualTo(JSON.readTree(
                        "{\"data\":[\"cart\",\"payment\"],\"total\":2,\"limit\":0,\"offset\":0,\"errors\":null}"));
    }

    @Test
    void tagFilters_readTheJsonObjectAndKeyValuePairs() {
        assertThat(JaegerQueryController.tagFilters("{\"error\":\"true\",\"http.status_code\":500}", List.of("a:b:c")))
                .containsExactly(
                        Map.entry("error", "true"), Map.entry("http.status_code", "500"), Map.entry("a", "b:c"));
        assertThat(JaegerQueryController.padTraceId("A1B2")).isEqualTo("0000000000000000000000000000a1b2");
    }
}
