package io.shopwatch.logging.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.Topics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/logs} over real HTTP against a real (embedded) broker. */
@IngestIT
class LogIngestIT {

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    IngestHttp http;
    String run;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void mixedBatch_answersPerRecord_andExactlyTheValidRecordsReachKafkaWithEnvelopeIdsAndTrace() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String body = """
                [
                  {"id": "%1$s-ok", "timestamp": "2026-11-25T10:00:00.123Z", "level": "ERROR",
                   "service": "checkout-service", "message": "payment provider timed out",
                   "trace_id": "0AF7651916CD43DD8448EB211C80319C", "span_id": "b7ad6b7169203331",
                   "stream": "Checkout-Logs", "attributes": {"order_id": "o-1", "attempt": 2},
                   "http_status": 504},
                  {"level": "info", "service": "cart-service", "message": "cart merged"},
                  {"id": "%1$s-no-level", "service": "cart-service", "message": "no level"},
                  {"id": "%1$s-bad-trace", "level": "info", "service": "cart-service", "message": "m",
                   "trace_id": "not-a-trace-id"},
                  42,
                  {"id": "%1$s-bad-time", "level": "info", "service": "s", "message": "m",
                   "timestamp": "yesterday"}
                ]
                """.formatted(run);

        HttpResponse<String> response = http.postJson(
                "/api/v1/logs?results=all",
                body,
                "X-ShopWatch-Org",
                "acme",
                "traceparent",
                "00-" + traceId + "-00f067aa0ba902b7-01");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = IngestHttp.json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("rejected").asInt()).isEqualTo(4);
        JsonNode results = answer.get("results");
        assertThat(results).hasSize(6);
        assertThat(results.get(0).get("status").asString()).isEqualTo("accepted");
        assertThat(results.get(0).get("id").asString()).isEqualTo(run + "-ok");
        String generatedId = results.get(1).get("id").asString();
        assertThat(generatedId).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(results.get(2).get("status").asString()).isEqualTo("rejected");
        assertThat(results.get(2).get("id").asString()).isEqualTo(run + "-no-level");
        assertThat(results.get(2).get("code").asString()).isEqualTo("invalid_field");
        assertThat(results.get(2).get("reason").asString()).contains("/level: must not be blank");
        assertThat(results.get(3).get("reason").asString()).startsWith("/trace_id: must match");
        assertThat(results.get(4).get("code").asString()).isEqualTo("not_an_object");
        assertThat(results.get(4).has("id")).isFalse();
        assertThat(results.get(5).get("code").asString()).isEqualTo("invalid_timestamp");

        List<ConsumerRecord<String, Envelope>> onTopic = TopicContents.read(bootstrapServers, Topics.LOGS_RAW);
        List<ConsumerRecord<String, Envelope>> ours = TopicContents.matching(
                onTopic, r -> r.value().id().startsWith(run) || r.value().id().equals(generatedId));
        assertThat(ours).extracting(r -> r.value().id()).containsExactlyInAnyOrder(run + "-ok", generatedId);

        Map<String, ConsumerRecord<String, Envelope>> byId =
                ours.stream().collect(Collectors.toMap(r -> r.value().id(), Function.identity()));
        ConsumerRecord<String, Envelope> ok = byId.get(run + "-ok");
        assertThat(ok.key()).as("logs are keyed by record id").isEqualTo(run + "-ok");
        Envelope envelope = ok.value();
        assertThat(envelope.org()).isEqualTo("acme");
        assertThat(envelope.stream()).isEqualTo("checkout_logs");
        assertThat(envelope.type()).isEqualTo(TelemetryType.LOG);
        assertThat(envelope.timestamp()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123Z"));
        JsonNode payload = envelope.payload();
        assertThat(payload.get("id").asString()).isEqualTo(run + "-ok");
        assertThat(payload.has("timestamp"))
                .as("the time is the envelope's, not repeated as text")
                .isFalse();
        assertThat(payload.get("level").asString()).isEqualTo("ERROR");
        assertThat(payload.get("service").asString()).isEqualTo("checkout-service");
        assertThat(payload.get("trace_id").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(payload.get("stream").asString()).isEqualTo("checkout_logs");
        assertThat(payload.get("attributes").get("order_id").asString()).isEqualTo("o-1");
        assertThat(payload.get("attributes").get("http_status").asInt())
                .as("unknown top-level fields move into attributes")
                .isEqualTo(504);
        assertThat(payload.has("http_status")).isFalse();
        assertThat(TopicContents.header(ok, "traceparent"))
                .as("the record carries the trace of the request that produced it")
                .matches("00-" + traceId + "-[0-9a-f]{16}-01");

        ConsumerRecord<String, Envelope> generated = byId.get(generatedId);
        assertThat(generated.value().org()).isEqualTo("acme");
        assertThat(generated.value().stream()).isEqualTo("logs");
        assertThat(generated.value().payload().get("id").asString()).isEqualTo(generatedId);
    }

    @Test
    void envelopeContract_headerInOrder_timestampAsIntegerMicros_payloadLast() {
        String body = """
                [{"id": "%1$s-contract", "timestamp": "2026-11-25T10:00:00.123456Z", "level": "info",
                  "service": "s", "message": "m", "stream": "contract"}]
                """.formatted(run);

        JsonNode answer = IngestHttp.json(http.postJson("/api/v1/logs", body, "X-ShopWatch-Org", "acme"));

        assertThat(answer.get("accepted").asInt()).as(answer.toString()).isEqualTo(1);
        List<String> values = TopicContents.readBytes(bootstrapServers, Topics.LOGS_RAW).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .filter(v -> v.startsWith("{\"id\":\"" + run + "-contract\""))
                .toList();
        assertThat(values).hasSize(1);
        assertThat(values.get(0))
                .startsWith("{\"id\":\"" + run + "-contract\",\"org\":\"acme\",\"stream\":\"contract\","
                        + "\"type\":\"LOG\",\"timestamp\":1795600800123456,\"payload\":{")
                .endsWith("}}")
                .doesNotContain("2026-11-25");
    }

    @Test
    void defaultAnswer_listsOnlyTheRejectedRecords() {
        String body = """
                [{"id": "%1$s-a", "level": "info", "service": "s", "message": "m"},
                 {"id": "%1$s-b", "level": "info", "service": "", "message": "m"}]
                """.formatted(run);

        JsonNode answer = IngestHttp.json(http.postJson("/api/v1/logs", body));

        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected").asInt()).isEqualTo(1);
        assertThat(answer.get("results")).hasSize(1);
        assertThat(answer.get("results").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(answer.get("results").get(0).get("reason").asString()).contains("/service: must not be blank");
    }

    @Test
    void ndjson_eachLineIsARecord_aBrokenLineIsRejectedAlone() {
        String body = """
                {"id": "%1$s-1", "level": "warn", "service": "catalog-service", "message": "slow query"}

                {"id": "%1$s-2", "level": "info", "service": "catalog
                {"id": "%1$s-3", "level": "info", "service": "catalog-service", "message": "reindexed"}
                """.formatted(run);

        HttpResponse<String> response =
                http.post("/api/v1/logs?results=all", "application/x-ndjson", body, "X-ShopWatch-Org", "acme");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = IngestHttp.json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("rejected").asInt()).isEqualTo(1);
        JsonNode broken = answer.get("results").get(1);
        assertThat(broken.get("code").asString()).isEqualTo("malformed");
        assertThat(broken.get("reason").asString()).startsWith("line 3 is not valid JSON");
        assertThat(TopicContents.withIds(
                        TopicContents.read(bootstrapServers, Topics.LOGS_RAW),
                        List.of(run + "-1", run + "-2", run + "-3")))
                .extracting(r -> r.value().id())
                .containsExactlyInAnyOrder(run + "-1", run + "-3");
    }

    @Test
    void timestamps_everyAcceptedFormBecomesTheSameInstant_andAMissingOneIsTheTimeOfReceipt() {
        Instant expected = Instant.parse("2026-11-25T10:00:00Z");
        Map<String, String> forms = Map.of(
                "rfc3339-utc",
                "\"2026-11-25T10:00:00Z\"",
                "rfc3339-offset",
                "\"2026-11-25T11:00:00+01:00\"",
                "rfc3339-space",
                "\"2026-11-25 10:00:00.000z\"",
                "epoch-seconds",
                Long.toString(expected.getEpochSecond()),
                "epoch-millis",
                Long.toString(expected.toEpochMilli()),
                "epoch-micros",
                Long.toString(expected.toEpochMilli() * 1_000),
                "epoch-nanos",
                Long.toString(expected.toEpochMilli() * 1_000_000),
                "epoch-millis-string",
                "\"" + expected.toEpochMilli() + "\"");
        String records = forms.entrySet().stream()
                .map(e -> "{\"id\":\"%s-%s\",\"level\":\"info\",\"service\":\"s\",\"message\":\"m\",\"timestamp\":%s}"
                        .formatted(run, e.getKey(), e.getValue()))
                .collect(Collectors.joining(",", "[", ""));
        String body =
                records + ",{\"id\":\"" + run + "-none\",\"level\":\"info\",\"service\":\"s\",\"message\":\"m\"}]";

        Instant before = Instant.now();
        JsonNode answer = IngestHttp.json(http.postJson("/api/v1/logs", body));
        Instant after = Instant.now();

        assertThat(answer.get("rejected").asInt()).as(answer.toString()).isZero();
        List<ConsumerRecord<String, Envelope>> ours = TopicContents.matching(
                TopicContents.read(bootstrapServers, Topics.LOGS_RAW),
                r -> r.value().id().startsWith(run));
        assertThat(ours).hasSize(forms.size() + 1);
        for (ConsumerRecord<String, Envelope> record : ours) {
            Envelope envelope = record.value();
            if (envelope.id().endsWith("-none")) {
                assertThat(envelope.timestamp()).isBetween(before, after);
            } else {
                assertThat(envelope.timestamp()).as(envelope.id()).isEqualTo(expected);
                assertThat(envelope.payload().has("timestamp")).isFalse();
            }
        }
    }

    @Test
    void gzipBody_isAccepted() {
        String body = "[{\"id\":\"" + run + "-gz\",\"level\":\"info\",\"service\":\"s\",\"message\":\"compressed\"}]";

        HttpResponse<String> response =
                http.post("/api/v1/logs", "application/json", IngestHttp.gzip(body), "Content-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(IngestHttp.json(response).get("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void emptyArray_isAnsweredWithNothingAccepted() {
        HttpResponse<String> response = http.postJson("/api/v1/logs", "[]");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"accepted\":0,\"rejected\":0,\"results\":[]}");
    }

    @Test
    void largeBatch_isSentAsynchronouslyAndFullyAcknowledged() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"%s-%d\",\"level\":\"info\",\"service\":\"load\",\"message\":\"record %d\"}"
                            .formatted(run, i, i));
        }
        body.append(']');

        JsonNode answer = IngestHttp.json(http.postJson("/api/v1/logs", body.toString()));

        assertThat(answer.get("accepted").asInt()).isEqualTo(1000);
        assertThat(TopicContents.matching(
                        TopicContents.read(bootstrapServers, Topics.LOGS_RAW),
                        r -> r.value().id().startsWith(run)))
                .hasSize(1000);
    }
}
