package io.shopwatch.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Zipkin v2 JSON spans reach Kafka as the same span rows as OTLP's. */
class ZipkinReceiverTest extends TracingTestBase {

    @Test
    void v2Spans_areAccepted_andStoredAsSpanRows() throws Exception {
        String traceId = newTraceId().substring(16);
        long micros = Instant.now().toEpochMilli() * 1000;
        String body = """
                [{"traceId":"%1$s","id":"352bff9a74ca9ad2","name":"get /api","kind":"SERVER","timestamp":%2$d,
                  "duration":207000,"localEndpoint":{"serviceName":"backend","ipv4":"192.168.99.101","port":9000},
                  "tags":{"http.method":"GET","error":"boom"},"annotations":[{"timestamp":%2$d,"value":"ws"}]},
                 {"traceId":"%1$s","parentId":"352bff9a74ca9ad2","id":"6b221d5bc9e6496c","name":"select",
                  "kind":"CLIENT","timestamp":%3$d,"duration":1000,"localEndpoint":{"serviceName":"backend"},
                  "remoteEndpoint":{"serviceName":"mysql"}},
                 {"traceId":"%1$s","id":"6b22","name":"bad id","timestamp":%2$d}]
                """.formatted(traceId, micros, micros + 10);

        var response = post("/api/v2/spans", "application/json", body.getBytes(StandardCharsets.UTF_8), ingestToken());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("X-Rejected-Spans")).hasValue("1");
        String fullId = "0000000000000000" + traceId;
        List<ConsumerRecord<String, Envelope>> spans = spans(List.of(fullId), 2);
        assertThat(spans).hasSize(2);
        JsonNode server = spans.stream()
                .map(r -> r.value().payload())
                .filter(p -> p.path("span_id").asString().equals("352bff9a74ca9ad2"))
                .findFirst()
                .orElseThrow();
        assertThat(server.path("service_name").asString()).isEqualTo("backend");
        assertThat(server.path("span_kind").asString()).isEqualTo("2");
        assertThat(server.path("span_status").asString()).isEqualTo("ERROR");
        assertThat(server.path("status_message").asString()).isEqualTo("boom");
        assertThat(server.path("duration").asLong()).isEqualTo(207000);
        assertThat(server.path("http_method").asString()).isEqualTo("GET");
        assertThat(server.path("events").asString()).contains("\"name\":\"ws\"");
        JsonNode client = spans.stream()
                .map(r -> r.value().payload())
                .filter(p -> p.path("span_id").asString().equals("6b221d5bc9e6496c"))
                .findFirst()
                .orElseThrow();
        assertThat(client.path("peer_service").asString()).isEqualTo("mysql");
        assertThat(client.path("reference_parent_span_id").asString()).isEqualTo("352bff9a74ca9ad2");

        assertThat(post("/api/v2/spans", "application/json", "{}".getBytes(), ingestToken())
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/api/v2/spans", "application/json", body.getBytes(), null)
                        .statusCode())
                .isEqualTo(401);
    }
}
