package io.shopwatch.tracing.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import io.shopwatch.tracing.TracingTestBase;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** OTLP/HTTP conformance of the trace receiver, through the real endpoint to the real broker. */
class OtlpTraceReceiverTest extends TracingTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROTOBUF = "application/x-protobuf";

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static ExportTraceServiceRequest request(String traceId, byte[]... spanIds) {
        long start = nowNanos();
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < spanIds.length; i++) {
            Span.Builder span = Span.newBuilder()
                    .setTraceId(ByteString.fromHex(traceId))
                    .setSpanId(ByteString.copyFrom(spanIds[i]))
                    .setName(i == 0 ? "POST /checkout" : "SELECT orders")
                    .setKind(i == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                    .setStartTimeUnixNano(start + i * 1000)
                    .setEndTimeUnixNano(start + 5_000_000)
                    .addAttributes(KeyValue.newBuilder()
                            .setKey("http.request.method")
                            .setValue(AnyValue.newBuilder().setStringValue("POST")));
            if (i > 0) {
                span.setParentSpanId(ByteString.copyFrom(spanIds[0]));
                span.setStatus(Status.newBuilder()
                        .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                        .setMessage("timeout"));
            }
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(KeyValue.newBuilder()
                                        .setKey("service.name")
                                        .setValue(AnyValue.newBuilder().setStringValue("checkout"))))
                        .addScopeSpans(scope))
                .build();
    }

    private static byte[] id(int length, int seed) {
        byte[] id = new byte[length];
        for (int i = 0; i < length; i++) {
            id[i] = (byte) (seed + i + 1);
        }
        return id;
    }

    private static byte[] gzip(byte[] body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    @Test
    void protobuf_isAccepted_andEverySpanGoesToKafkaKeyedByTraceId_inOpenObserveLayout() throws Exception {
        String traceId = newTraceId();
        HttpResponse<byte[]> response = post(
                "/v1/traces", PROTOBUF, request(traceId, id(8, 1), id(8, 20)).toByteArray(), ingestToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith(PROTOBUF));
        assertThat(ExportTraceServiceResponse.parseFrom(response.body()).hasPartialSuccess())
                .isFalse();

        List<ConsumerRecord<String, Envelope>> spans = spans(List.of(traceId), 2);
        assertThat(spans).hasSize(2).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(traceId);
            assertThat(r.value().org()).isEqualTo(ORG);
            assertThat(r.value().type()).isEqualTo(TelemetryType.SPAN);
            assertThat(r.value().stream()).isEqualTo("default");
        });
        assertThat(spans)
                .extracting(ConsumerRecord::partition)
                .containsOnly(spans.get(0).partition());
        JsonNode child = spans.stream()
                .map(r -> r.value().payload())
                .filter(p -> p.has("reference_parent_span_id"))
                .findFirst()
                .orElseThrow();
        assertThat(child.path("trace_id").asString()).isEqualTo(traceId);
        assertThat(child.path("span_id").asString()).isEqualTo(HexFormat.of().formatHex(id(8, 20)));
        assertThat(child.path("reference_parent_span_id").asString())
                .isEqualTo(HexFormat.of().formatHex(id(8, 1)));
        assertThat(child.path("service_name").asString()).isEqualTo("checkout");
        assertThat(child.path("span_kind").asString()).isEqualTo("3");
        assertThat(child.path("span_status").asString()).isEqualTo("ERROR");
        assertThat(child.path("status_message").asString()).isEqualTo("timeout");
        assertThat(child.path("http_request_method").asString()).isEqualTo("POST");
        assertThat(child.path("duration").asLong()).isEqualTo((5_000_000 - 1000) / 1000);
    }

    @Test
    void protobuf_withAnIdOfWrongLength_isPartialSuccess() throws Exception {
        String traceId = newTraceId();
        HttpResponse<byte[]> response = post(
                "/v1/traces", PROTOBUF, request(traceId, id(8, 1), id(12, 2)).toByteArray(), ingestToken());

        assertThat(response.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(response.body());
        assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage()).contains("spanId must be 8 bytes");
        assertThat(spans(List.of(traceId), 1)).hasSize(1);
    }

    @Test
    void json_hexIdsAreReadAsHex_andIdsOfWrongLengthAreRejected() throws Exception {
        String traceId = newTraceId();
        long start = nowNanos();
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
                 "scopeSpans":[{"spans":[
                  {"traceId":"%1$s","spanId":"EEE19B7EC3C1B174","name":"GET /cart","kind":2,
                   "startTimeUnixNano":"%2$d","endTimeUnixNano":%3$d,"unknownField":true},
                  {"traceId":"%1$sABCDEF01","spanId":"EEE19B7EC3C1B175","name":"24 bytes","kind":1,
                   "startTimeUnixNano":"%2$d","endTimeUnixNano":"%3$d"},
                  {"traceId":"%1$s","spanId":"EEE19B7EC3C1B175EEE19B7E","name":"12 bytes","kind":1,
                   "startTimeUnixNano":"%2$d","endTimeUnixNano":"%3$d"}]}]}]}
                """.formatted(traceId.toUpperCase(), start, start + 1_000_000);

        HttpResponse<byte[]> response =
                post("/v1/traces", "application/json", body.getBytes(StandardCharsets.UTF_8), ingestToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("partialSuccess").path("rejectedSpans").asString())
                .isEqualTo("2");
        List<ConsumerRecord<String, Envelope>> spans = spans(List.of(traceId), 1);
        assertThat(spans).hasSize(1);
        JsonNode row = spans.get(0).value().payload();
        assertThat(HexFormat.of().parseHex(row.path("trace_id").asString())).hasSize(16);
        assertThat(HexFormat.of().parseHex(row.path("span_id").asString())).hasSize(8);
        assertThat(row.path("span_id").asString()).isEqualTo("eee19b7ec3c1b174");
    }

    @Test
    void json_allAccepted_answersEmptyObject_andGzipBodiesAreRead() throws Exception {
        String traceId = newTraceId();
        long start = nowNanos();
        String body = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"%s","spanId":"0102030405060708",
                 "name":"x","startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}
                """.formatted(traceId, start, start + 10);

        HttpResponse<byte[]> response = post(
                "/api/" + ORG + "/v1/traces",
                "application/json",
                gzip(body.getBytes(StandardCharsets.UTF_8)),
                ingestToken(),
                "Content-Encoding",
                "gzip");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(spans(List.of(traceId), 1)).hasSize(1);
        assertThat(post("/v1/traces", "application/json", new byte[0], ingestToken())
                        .statusCode())
                .as("an empty request is a success")
                .isEqualTo(200);
    }

    @Test
    void bodyOverTheLimitAfterDecompression_is413() throws Exception {
        byte[] large =
                ("{\"resourceSpans\":[],\"pad\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] compressed = gzip(large);
        assertThat(compressed.length).isLessThan(64 * 1024);

        HttpResponse<byte[]> response =
                post("/v1/traces", "application/json", compressed, ingestToken(), "Content-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("message").asString()).contains("after decompression");
    }

    @Test
    void undecodableBodies_are400_withAStatusInTheRequestsEncoding_andOtherTypes415() throws Exception {
        HttpResponse<byte[]> protobuf = post("/v1/traces", PROTOBUF, new byte[] {(byte) 0xff, 1, 2}, ingestToken());
        assertThat(protobuf.statusCode()).isEqualTo(400);
        // google.rpc.Status: field 1 (code) = 3, then field 2 (message)
        assertThat(protobuf.body()[0]).isEqualTo((byte) 0x08);
        assertThat(protobuf.body()[1]).isEqualTo((byte) 3);

        HttpResponse<byte[]> json =
                post("/v1/traces", "application/json", "{not json".getBytes(StandardCharsets.UTF_8), ingestToken());
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(json.body()).path("code").asInt()).isEqualTo(3);

        assertThat(post("/v1/traces", "application/json", "{\"resourceSpans\":1}".getBytes(), ingestToken())
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/v1/traces", "text/plain", "x".getBytes(), ingestToken())
                        .statusCode())
                .isEqualTo(415);
    }

    @Test
    void credentials_areChecked_andThePathOrgMustBeTheCallers() throws Exception {
        byte[] body = request(newTraceId(), id(8, 1)).toByteArray();
        assertThat(post("/v1/traces", PROTOBUF, body, null).statusCode()).isEqualTo(401);
        assertThat(post("/v1/traces", PROTOBUF, body, viewerToken()).statusCode())
                .isEqualTo(403);
        assertThat(post("/api/other-shop/v1/traces", PROTOBUF, body, ingestToken())
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(
                                "/api/" + ORG + "/v1/traces",
                                PROTOBUF,
                                body,
                                TestTokens.shared().token(ORG, Role.OPERATOR))
                        .statusCode())
                .isEqualTo(200);
    }

    /** A real OpenTelemetry SDK exporting over OTLP/HTTP (protobuf, gzip) to the running service. */
    @Test
    void openTelemetrySdkExporter_deliversItsSpans() throws Exception {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(baseUrl() + "/v1/traces")
                .addHeader("Authorization", "Bearer " + ingestToken())
                .setCompression("gzip")
                .build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(io.opentelemetry.sdk.resources.Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), "storefront")))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        Tracer tracer = provider.get("test");
        io.opentelemetry.api.trace.Span root =
                tracer.spanBuilder("GET /product").setSpanKind(SpanKind.SERVER).startSpan();
        String traceId = root.getSpanContext().getTraceId();
        try (Scope ignored = root.makeCurrent()) {
            io.opentelemetry.api.trace.Span child = tracer.spanBuilder("catalog lookup")
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute("peer.service", "catalog")
                    .startSpan();
            child.setStatus(StatusCode.ERROR, "catalog down");
            child.end();
        }
        root.end();
        CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
        assertThat(flushed.isSuccess()).isTrue();
        provider.shutdown().join(10, TimeUnit.SECONDS);

        List<ConsumerRecord<String, Envelope>> spans = spans(List.of(traceId), 2);
        assertThat(spans).hasSize(2);
        assertThat(spans)
                .extracting(r -> r.value().payload().path("operation_name").asString())
                .containsExactlyInAnyOrder("GET /product", "catalog lookup");
        assertThat(spans)
                .extracting(r -> r.value().payload().path("service_name").asString())
                .containsOnly("storefront");
        assertThat(spans.stream().map(r -> r.topic()).distinct()).containsExactly(Topics.SPANS_RAW);
    }
}
