package io.shopwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --otel=true} against a real HTTP server that decodes what arrives at {@code /v1/traces} as an OTLP
 * {@code ExportTraceServiceRequest} (protobuf), as tracing-service's receiver does, and the events and logs as JSON.
 */
class OtelModeTest {

    /** A decoded span with the service of its resource. */
    record Received(String service, Span span) {
        String traceId() {
            return HexFormat.of().formatHex(span.getTraceId().toByteArray());
        }

        String spanId() {
            return HexFormat.of().formatHex(span.getSpanId().toByteArray());
        }

        String parentId() {
            return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
        }

        boolean error() {
            return span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        }
    }

    HttpServer server;
    final List<JsonNode> logs = Collections.synchronizedList(new ArrayList<>());
    final List<Received> spans = Collections.synchronizedList(new ArrayList<>());
    final List<String> traceHeaders = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/api/", exchange -> {
            try (exchange) {
                JsonNode batch = JsonMapper.builder().build().readTree(exchange.getRequestBody());
                if (exchange.getRequestURI().getPath().endsWith("/logs")) {
                    batch.forEach(logs::add);
                }
                byte[] body = ("{\"accepted\":" + batch.size() + ",\"rejected\":0,\"results\":[]}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                traceHeaders.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + exchange.getRequestHeaders().getFirst("X-API-Key"));
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody());
                for (ResourceSpans resource : request.getResourceSpansList()) {
                    String service = resource.getResource().getAttributesList().stream()
                            .filter(a -> a.getKey().equals("service.name"))
                            .map(a -> a.getValue().getStringValue())
                            .findFirst()
                            .orElse("");
                    for (ScopeSpans scope : resource.getScopeSpansList()) {
                        scope.getSpansList().forEach(s -> spans.add(new Received(service, s)));
                    }
                }
                byte[] body = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void otel_sendsEachStepsSpans_frontendToCheckoutToPayment_withErrorsAndTheLogsSpanIds() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = StorefrontSimulator.run(
                new String[] {
                    "--url=http://127.0.0.1:" + server.getAddress().getPort(),
                    "--api-key=sw_test",
                    "--sessions=40",
                    "--rate=500",
                    "--speed=1000",
                    "--seed=7",
                    "--payment-failure=0.6",
                    "--otel=true"
                },
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("spans: sent " + spans.size() + ", rejected 0, failed 0, dropped 0");
        assertThat(spans).isNotEmpty();
        assertThat(traceHeaders).allMatch(h -> h.equals("application/x-protobuf sw_test"));

        Map<String, Received> byId = spans.stream().collect(Collectors.toMap(Received::spanId, r -> r));
        // every span but the roots has its parent in the same trace
        spans.stream().filter(r -> !r.span().getParentSpanId().isEmpty()).forEach(r -> {
            Received parent = byId.get(r.parentId());
            assertThat(parent).as("parent of %s", r.span().getName()).isNotNull();
            assertThat(parent.traceId()).isEqualTo(r.traceId());
            assertThat(r.span().getStartTimeUnixNano())
                    .isGreaterThanOrEqualTo(parent.span().getStartTimeUnixNano());
        });
        // a payment goes storefront-web → checkout-service → payment-service
        List<Received> payments = spans.stream()
                .filter(r -> r.service().equals("payment-service"))
                .toList();
        assertThat(payments).isNotEmpty().allSatisfy(p -> {
            Received checkout = byId.get(p.parentId());
            assertThat(checkout.service()).isEqualTo("checkout-service");
            assertThat(checkout.span().getName()).isEqualTo("POST /checkout/payment");
            Received root = byId.get(checkout.parentId());
            assertThat(root.service()).isEqualTo("storefront-web");
            assertThat(root.span().getName()).isEqualTo("POST /payments");
            assertThat(root.span().getParentSpanId().isEmpty()).isTrue();
            // the provider timeouts (ERROR) fail the payment and every span above it
            assertThat(checkout.error()).isEqualTo(p.error());
            assertThat(root.error()).isEqualTo(p.error());
        });
        assertThat(payments).anyMatch(Received::error).anyMatch(p -> !p.error());
        // the durations are the ones the services logged: a provider timeout takes 5 to 10 s
        assertThat(payments.stream().filter(Received::error)).allSatisfy(p -> assertThat(
                        p.span().getEndTimeUnixNano() - p.span().getStartTimeUnixNano())
                .isBetween(5_000_000_000L, 10_000_000_000L));
        // a step's log lines carry its root span's id: logs and traces link up
        Map<String, Received> roots = spans.stream()
                .filter(r -> r.span().getParentSpanId().isEmpty())
                .collect(Collectors.toMap(Received::traceId, r -> r));
        assertThat(logs).isNotEmpty().allSatisfy(log -> {
            Received root = roots.get(log.get("trace_id").asString());
            assertThat(root).isNotNull();
            assertThat(root.spanId()).isEqualTo(log.get("span_id").asString());
        });
        Optional<KeyValue> status = payments.stream()
                .flatMap(p -> byId.get(byId.get(p.parentId()).parentId()).span().getAttributesList().stream())
                .filter(a -> a.getKey().equals("http.response.status_code"))
                .findFirst();
        assertThat(status).isPresent();
    }

    @Test
    void otel_offByDefault_sendsNoSpans() throws Exception {
        int exit = StorefrontSimulator.run(
                new String[] {
                    "--url=http://127.0.0.1:" + server.getAddress().getPort(),
                    "--sessions=3",
                    "--rate=500",
                    "--speed=1000",
                    "--seed=1"
                },
                Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        assertThat(spans).isEmpty();
    }
}
