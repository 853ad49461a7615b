package io.shopwatch.common.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class SpanRowsTest {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    static final String REQUEST = """
            {"resourceSpans":[{"resource":{"attributes":[
               {"key":"service.name","value":{"stringValue":"checkout"}},
               {"key":"k8s.pod.name","value":{"stringValue":"checkout-1"}}]},
             "scopeSpans":[{"scope":{"name":"io.opentelemetry.tomcat"},"spans":[
               {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
                "parentSpanId":"EEE19B7EC3C1B173","name":"POST /checkout","kind":2,
                "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":1544712661500000000,
                "attributes":[{"key":"http.response.status_code","value":{"intValue":"500"}},
                              {"key":"duration","value":{"doubleValue":1.5}},
                              {"key":"retry","value":{"boolValue":true}}],
                "events":[{"timeUnixNano":"1544712660300000000","name":"exception",
                           "attributes":[{"key":"exception.type","value":{"stringValue":"IOException"}}]}],
                "status":{"code":2,"message":"payment declined"},
                "someFutureField":{"x":1}},
               {"traceId":"5B8EFFF798038103D269B633813FC6","spanId":"EEE19B7EC3C1B174",
                "name":"short id","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}
            """;

    @Test
    void fromOtlpJson_writesOpenObserveSpanLayout() throws Exception {
        SpanRows.Result result = SpanRows.fromOtlpJson(JSON.readTree(REQUEST));

        assertThat(result.rejected()).isEqualTo(1);
        assertThat(result.error()).contains("traceId must be 16 bytes");
        assertThat(result.rows()).hasSize(1);
        Map<String, Object> row = result.rows().get(0);
        assertThat(row)
                .containsEntry("trace_id", "5b8efff798038103d269b633813fc60c")
                .containsEntry("span_id", "eee19b7ec3c1b174")
                .containsEntry("reference_parent_span_id", "eee19b7ec3c1b173")
                .containsEntry("reference_ref_type", "ChildOf")
                .containsEntry("span_kind", "2")
                .containsEntry("span_status", "ERROR")
                .containsEntry("status_message", "payment declined")
                .containsEntry("operation_name", "POST /checkout")
                .containsEntry("start_time", 1544712660000000000L)
                .containsEntry("end_time", 1544712661500000000L)
                .containsEntry("duration", 1_500_000L)
                .containsEntry("_timestamp", 1544712660000000L)
                .containsEntry("service_name", "checkout")
                .containsEntry("service_k8s_pod_name", "checkout-1")
                .containsEntry("http_response_status_code", 500L)
                .containsEntry("attr_duration", 1.5)
                .containsEntry("retry", true);
        JsonNode events = JSON.readTree((String) row.get("events"));
        assertThat(events.get(0).path("name").asString()).isEqualTo("exception");
        assertThat(events.get(0).path("_timestamp").asLong()).isEqualTo(1544712660300000000L);
        assertThat(events.get(0).path("exception_type").asString()).isEqualTo("IOException");
    }

    @Test
    void fromOtlpJson_rejectsSpanIdOfWrongLength() throws Exception {
        String request = REQUEST.replaceFirst("\"spanId\":\"EEE19B7EC3C1B174\"", "\"spanId\":\"EEE19B7EC3C1B1\"");
        SpanRows.Result result = SpanRows.fromOtlpJson(JSON.readTree(request));
        assertThat(result.rejected()).isEqualTo(2);
        assertThat(result.rows()).isEmpty();
    }

    @Test
    void fromOtlpJson_refusesWhatIsNoTraceRequest() {
        assertThatThrownBy(() -> SpanRows.fromOtlpJson(JSON.readTree("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpanRows.fromOtlpJson(JSON.readTree("{\"resourceSpans\":3}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SpanRows.fromOtlpJson(JSON.readTree("{}")).rows()).isEmpty();
    }

    @Test
    void otlpJson_fromRows_givesTheSameRowsAgain() throws Exception {
        SpanRows.Result first = SpanRows.fromOtlpJson(JSON.readTree(REQUEST));
        SpanRows.Result again = SpanRows.fromOtlpJson(OtlpJson.fromRows(first.rows()));
        assertThat(again.rejected()).isZero();
        assertThat(again.rows()).isEqualTo(first.rows());
    }
}
