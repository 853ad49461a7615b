package io.shopwatch.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.DefaultAggregationSelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.KafkaTestSupport;
import io.shopwatch.testkit.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/** OTLP/HTTP metrics against the running service and a real broker, sent by the OpenTelemetry SDK's own exporter. */
class OtlpMetricsIT extends MetricsITSupport {

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    private final TestTokens tokens = TestTokens.shared();

    private List<Envelope> envelopesOf(String org, int expected) {
        EnvelopeSerde.EnvelopeDeserializer reader = new EnvelopeSerde.EnvelopeDeserializer();
        List<Envelope> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.clear();
            KafkaTestSupport.read(brokers, Topics.METRICS_RAW, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                    .map(r -> reader.deserialize(Topics.METRICS_RAW, r.value()))
                    .filter(e -> e.org().equals(org))
                    .forEach(found::add);
            return found.size() >= expected;
        });
        return found;
    }

    private Http.Answer post(String path, String token, String contentType, byte[] body, String encoding) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request.build());
    }

    @Test
    void export_openTelemetrySdk_counterGaugeAndExponentialHistogramInKafka() {
        String org = "otlp-sdk";
        OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + port + "/api/" + org + "/v1/metrics")
                .addHeader("Authorization", "Bearer " + tokens.token(org, Role.INGEST))
                .setCompression("gzip")
                .setDefaultAggregationSelector(DefaultAggregationSelector.getDefault()
                        .with(InstrumentType.HISTOGRAM, Aggregation.base2ExponentialBucketHistogram(8, 20)))
                .build();
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "checkout",
                        AttributeKey.stringKey("service.instance.id"), "pod-1")))
                .registerMetricReader(PeriodicMetricReader.builder(exporter)
                        .setInterval(Duration.ofHours(1))
                        .build())
                .build();
        Meter meter = provider.get("shop");
        meter.counterBuilder("shop.orders_total")
                .build()
                .add(3, Attributes.of(AttributeKey.stringKey("payment.method"), "card"));
        meter.gaugeBuilder("shop_cart_items").build().set(4);
        var latency = meter.histogramBuilder("shop_checkout_duration_seconds").build();
        for (double v : new double[] {0.3, 0.7, 1.5, 3.0}) {
            latency.record(v);
        }
        // shutting the reader down exports once more, and only once
        CompletableResultCode exported = provider.shutdown().join(30, TimeUnit.SECONDS);
        assertThat(exported.isSuccess()).isTrue();

        List<Envelope> envelopes = envelopesOf(org, 5);
        assertThat(envelopes)
                .filteredOn(e -> e.stream().equals("shop_orders_total"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.payload().get("kind").asString()).isEqualTo("COUNTER");
                    assertThat(e.payload().get("value").asDouble()).isEqualTo(3.0);
                    assertThat(e.payload().get("labels").get("payment_method").asString())
                            .isEqualTo("card");
                    assertThat(e.payload().get("labels").get("job").asString()).isEqualTo("checkout");
                    assertThat(e.payload().get("labels").get("instance").asString())
                            .isEqualTo("pod-1");
                });
        assertThat(envelopes)
                .filteredOn(e -> e.stream().equals("shop_cart_items"))
                .singleElement()
                .satisfies(e -> assertThat(e.payload().get("kind").asString()).isEqualTo("GAUGE"));
        assertThat(envelopes)
                .filteredOn(e -> e.stream().equals("shop_checkout_duration_seconds_count"))
                .singleElement()
                .satisfies(e -> assertThat(e.payload().get("value").asDouble()).isEqualTo(4.0));
        List<Envelope> buckets = envelopes.stream()
                .filter(e -> e.stream().equals("shop_checkout_duration_seconds_bucket"))
                .toList();
        assertThat(buckets).hasSizeLessThanOrEqualTo(17);
        assertThat(buckets)
                .filteredOn(e -> e.payload().get("labels").get("le").asString().equals("+Inf"))
                .singleElement()
                .satisfies(e -> assertThat(e.payload().get("value").asDouble()).isEqualTo(4.0));
        assertThat(buckets.stream()
                        .filter(e ->
                                !e.payload().get("labels").get("le").asString().equals("+Inf"))
                        .mapToDouble(e -> e.payload().get("value").asDouble())
                        .max()
                        .orElseThrow())
                .isEqualTo(4.0);
    }

    @Test
    void export_json_refusedDataPoint_partialSuccess_othersStored() {
        String org = "otlp-json";
        long nanos = Instant.now().toEpochMilli() * 1_000_000L;
        String body = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
                 "scopeMetrics":[{"scope":{"name":"s"},"metrics":[
                  {"name":"otlp_json_g","unknownField":1,"gauge":{"dataPoints":[
                    {"asDouble":1.5,"timeUnixNano":"%d","exemplars":[{"asDouble":1,"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]},
                    {"asInt":"2","timeUnixNano":"%d","attributes":[
                      {"key":"a","value":{"stringValue":"1"}},{"key":"b","value":{"stringValue":"1"}},
                      {"key":"c","value":{"stringValue":"1"}},{"key":"d","value":{"stringValue":"1"}},
                      {"key":"e","value":{"stringValue":"1"}}]}]}}]}]}]}
                """.formatted(nanos, nanos);

        Http.Answer answer =
                post("/v1/metrics", tokens.token(org, Role.INGEST), "application/json", body.getBytes(), null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("partialSuccess").get("rejectedDataPoints").asString())
                .isEqualTo("1");
        assertThat(answer.json().get("partialSuccess").get("errorMessage").asString())
                .contains("err-shopwatch-max-label-names-per-series");
        assertThat(envelopesOf(org, 1))
                .singleElement()
                .satisfies(e -> assertThat(e.payload().get("value").asDouble()).isEqualTo(1.5));
    }

    @Test
    void export_badRequests_statusAsOtlpSays() throws IOException {
        String org = "otlp-bad";
        String token = tokens.token(org, Role.INGEST);
        assertThat(post("/v1/metrics", token, "application/x-protobuf", new byte[] {(byte) 0xff, 1}, null)
                        .status())
                .isEqualTo(400);
        assertThat(post("/v1/metrics", token, "application/json", "[1]".getBytes(), null)
                        .json()
                        .get("code")
                        .asInt())
                .isEqualTo(3);
        assertThat(post("/v1/metrics", token, "text/plain", "x".getBytes(), null)
                        .status())
                .isEqualTo(415);
        assertThat(post("/v1/metrics", token, "application/json", "{}".getBytes(), "br")
                        .status())
                .isEqualTo(415);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write("{}".getBytes());
        }
        Http.Answer empty = post("/v1/metrics", token, "application/json", gzipped.toByteArray(), "gzip");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).isEqualTo("{}");
        assertThat(post(
                                "/api/" + org + "/v1/metrics",
                                tokens.token("other", Role.INGEST),
                                "application/json",
                                "{}".getBytes(),
                                null)
                        .status())
                .isEqualTo(403);
        assertThat(post("/v1/metrics", null, "application/json", "{}".getBytes(), null)
                        .status())
                .isEqualTo(401);
    }
}
