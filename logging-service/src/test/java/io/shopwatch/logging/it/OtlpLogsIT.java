package io.shopwatch.logging.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.Topics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** OTLP/HTTP logs, sent by the OpenTelemetry SDK's own exporter and as OTLP/JSON, against a real broker. */
@IngestIT
class OtlpLogsIT {

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

    private List<Envelope> onTopic() {
        return TopicContents.read(bootstrapServers, Topics.LOGS_RAW).stream()
                .map(ConsumerRecord::value)
                .filter(e -> e.payload().path("run").asString("").equals(run))
                .toList();
    }

    @Test
    void sdkExporter_protobufGzip_recordsReachKafkaWithTraceIdsSeverityAndService() {
        OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + port + "/v1/logs")
                .setCompression("gzip")
                .addHeader("X-ShopWatch-Org", "shop-otel")
                .addHeader("stream-name", "Otel-Logs")
                .build();
        SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "checkout",
                        AttributeKey.stringKey("host.name"), "node-1")))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter))
                .build();
        SpanContext span = SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.getDefault());
        try {
            provider.get("io.shopwatch.test")
                    .logRecordBuilder()
                    .setContext(Span.wrap(span).storeInContext(Context.root()))
                    .setTimestamp(Instant.parse("2026-12-06T08:00:00Z"))
                    .setSeverity(Severity.ERROR)
                    .setSeverityText("ERROR")
                    .setBody("payment by card 4111111111111111 declined")
                    .setAttribute(AttributeKey.stringKey("run"), run)
                    .setAttribute(AttributeKey.longKey("order.amount"), 42L)
                    .emit();
            CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
            assertThat(flushed.isSuccess()).as("the exporter was answered 200").isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }

        List<Envelope> sent = onTopic();
        assertThat(sent).hasSize(1);
        Envelope envelope = sent.get(0);
        assertThat(envelope.org()).isEqualTo("shop-otel");
        assertThat(envelope.stream()).isEqualTo("otel_logs");
        assertThat(envelope.timestamp()).isEqualTo(Instant.parse("2026-12-06T08:00:00Z"));
        JsonNode payload = envelope.payload();
        assertThat(payload.get("trace_id").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(payload.get("span_id").asString()).isEqualTo("b7ad6b7169203331");
        assertThat(payload.get("level").asString()).isEqualTo("ERROR");
        assertThat(payload.get("severity").asString()).isEqualTo("ERROR");
        assertThat(payload.get("service").asString()).isEqualTo("checkout");
        assertThat(payload.get("service.name").asString()).isEqualTo("checkout");
        assertThat(payload.get("host.name").asString()).isEqualTo("node-1");
        assertThat(payload.get("order.amount").asLong()).isEqualTo(42L);
        assertThat(payload.get("instrumentation_library_name").asString()).isEqualTo("io.shopwatch.test");
        assertThat(payload.get("body").asString()).isEqualTo("payment by card 4111111111111111 declined");
        assertThat(payload.get("message").asString()).isEqualTo("payment by card 4111111111111111 declined");
    }

    @Test
    void protobuf_withARejectedRecord_answersPartialSuccess() throws Exception {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .addLogRecords(LogRecord.newBuilder()
                                        .setTimeUnixNano(1_765_008_000_000_000_000L)
                                        .setBody(AnyValue.newBuilder().setStringValue("kept"))
                                        .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
                                                .setKey("run")
                                                .setValue(AnyValue.newBuilder().setStringValue(run))))
                                .addLogRecords(LogRecord.newBuilder()
                                        .setTraceId(ByteString.copyFrom(new byte[16]))
                                        .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
                                                .setKey("run")
                                                .setValue(AnyValue.newBuilder().setStringValue(run))))))
                .build();

        HttpResponse<String> response =
                http.post("/api/shop-otel/v1/logs", "application/x-protobuf", request.toByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-protobuf");
        ExportLogsServiceResponse answer =
                ExportLogsServiceResponse.parseFrom(response.body().getBytes(StandardCharsets.ISO_8859_1));
        assertThat(answer.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage()).contains("message, msg, log or body");
        assertThat(onTopic())
                .extracting(e -> e.payload().get("body").asString())
                .containsExactly("kept");
    }

    @Test
    void json_hexIdsAndSeverityNumber() {
        String body = """
                {"resourceLogs": [{"resource": {"attributes": [
                    {"key": "service.name", "value": {"stringValue": "cart"}}]},
                  "scopeLogs": [{"scope": {"name": "pino"}, "logRecords": [{
                    "timeUnixNano": "1765008000000000000", "severityNumber": 13,
                    "traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "00f067aa0ba902b7",
                    "body": {"stringValue": "low stock"},
                    "attributes": [{"key": "run", "value": {"stringValue": "%s"}}]}]}]}]}
                """.formatted(run);

        HttpResponse<String> response = http.post("/v1/logs", "application/json", body, "X-ShopWatch-Org", "shop-otel");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(IngestHttp.json(response).has("partialSuccess")).isFalse();
        JsonNode payload = onTopic().get(0).payload();
        assertThat(payload.get("trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(payload.get("span_id").asString()).isEqualTo("00f067aa0ba902b7");
        assertThat(payload.get("level").asString()).isEqualTo("WARN");
        assertThat(payload.get("service").asString()).isEqualTo("cart");
    }

    @Test
    void refusals_areOtlpStatuses() {
        HttpResponse<String> notProto = http.post("/v1/logs", "application/x-protobuf", "\u0007garbage");
        assertThat(notProto.statusCode()).isEqualTo(400);

        HttpResponse<String> text = http.post("/v1/logs", "text/plain", "hello");
        assertThat(text.statusCode()).isEqualTo(415);

        HttpResponse<String> json = http.post("/v1/logs", "application/json", "{\"resourceLogs\": 5}");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(IngestHttp.json(json).get("code").asInt()).isEqualTo(3);
    }
}
