package io.shopwatch.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.security.Role;
import io.shopwatch.metrics.remotewrite.RemoteWriteBodies;
import io.shopwatch.metrics.remotewrite.RemoteWriteRequest;
import io.shopwatch.metrics.sample.SpecialValues;
import io.shopwatch.testkit.KafkaTestSupport;
import io.shopwatch.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Prometheus remote write 1.0 against the running service and a real broker. */
class RemoteWriteIT extends MetricsITSupport {

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @Autowired
    MeterRegistry registry;

    @Autowired
    OpenObserveClient client;

    private final TestTokens tokens = TestTokens.shared();

    private Http.Answer write(String org, String token, byte[] body, String encoding) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/" + org + "/prometheus/api/v1/write"))
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request.build());
    }

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

    @Test
    void write_validRequest_204_samplesInKafkaWithTypeFromMetadata() {
        String org = "rw-ok";
        long t = Instant.now().minusSeconds(30).toEpochMilli();
        byte[] body = RemoteWriteBodies.request()
                .series(
                        new String[] {"__name__", "http_requests_total", "job", "shop", "code", "200"},
                        new double[] {10, 12},
                        new long[] {t, t + 15_000})
                .series(
                        new String[] {"__name__", "checkout_seconds_bucket", "le", "0.5", "job", "shop"},
                        new double[] {4, Double.longBitsToDouble(0x7ff0000000000002L)},
                        new long[] {t, t + 15_000})
                .metadata(RemoteWriteRequest.COUNTER, "http_requests_total")
                .metadata(RemoteWriteRequest.HISTOGRAM, "checkout_seconds")
                .snappy();

        Http.Answer answer = write(org, tokens.token(org, Role.INGEST), body, "snappy");

        assertThat(answer.status()).isEqualTo(204);
        List<Envelope> envelopes = envelopesOf(org, 4);
        assertThat(envelopes)
                .extracting(e -> e.stream() + ":" + e.payload().get("kind").asString() + ":"
                        + e.payload().get("value").asDouble() + ":"
                        + e.payload().get("labels").path(SpecialValues.FIELD).asString("") + ":"
                        + e.timestamp().toEpochMilli())
                .containsExactlyInAnyOrder(
                        "http_requests_total:COUNTER:10.0::" + t,
                        "http_requests_total:COUNTER:12.0::" + (t + 15_000),
                        "checkout_seconds_bucket:HISTOGRAM:4.0::" + t,
                        "checkout_seconds_bucket:HISTOGRAM:0.0:stale:" + (t + 15_000));
        assertThat(envelopes.get(0).payload().get("labels").get("job").asString())
                .isEqualTo("shop");
        assertThat(registry.find("shopwatch.discarded.samples")
                        .tag("org", org)
                        .tag("reason", "stale_marker")
                        .counter())
                .isNull();
    }

    @Test
    void write_nanInfinitiesAndStaleMarkers_204_storedAndQueriedAsPrometheusDoes() {
        String org = "rw-nan";
        long t = (Instant.now().minusSeconds(120).toEpochMilli() / 1000) * 1000;
        byte[] body = RemoteWriteBodies.request()
                .series(new String[] {"__name__", "rw_special", "v", "nan"}, new double[] {Double.NaN}, new long[] {t})
                .series(
                        new String[] {"__name__", "rw_special", "v", "pos"},
                        new double[] {Double.POSITIVE_INFINITY},
                        new long[] {t})
                .series(
                        new String[] {"__name__", "rw_special", "v", "neg"},
                        new double[] {Double.NEGATIVE_INFINITY},
                        new long[] {t})
                .series(
                        new String[] {"__name__", "rw_special", "v", "gone"},
                        new double[] {7, Double.longBitsToDouble(SpecialValues.STALE_NAN_BITS)},
                        new long[] {t - 30_000, t})
                .snappy();

        Http.Answer answer = write(org, tokens.token(org, Role.INGEST), body, "snappy");

        assertThat(answer.status()).isEqualTo(204);
        storeAsThePipelineDoes(org, envelopesOf(org, 5));
        String viewer = tokens.token(org, Role.VIEWER);
        String query = "/api/" + org + "/prometheus/api/v1/query?query=rw_special&time=";
        JsonNode now = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> Http.get(port, query + (t / 1000), viewer).json(),
                        j -> j.path("data").path("result").size() == 3);
        Map<String, String> values = new TreeMap<>();
        now.get("data")
                .get("result")
                .forEach(r -> values.put(
                        r.get("metric").get("v").asString(),
                        r.get("value").get(1).asString()));
        assertThat(values).containsExactly(Map.entry("nan", "NaN"), Map.entry("neg", "-Inf"), Map.entry("pos", "+Inf"));
        // before its staleness marker, the series "gone" is there; the marker itself is never a series' label
        JsonNode before = Http.get(port, query + (t / 1000 - 1), viewer).json();
        assertThat(before.get("data").get("result")).hasSize(1);
        assertThat(before.get("data").get("result").get(0).get("metric").properties())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("__name__", "v");
        assertThat(before.get("data").get("result").get(0).get("value").get(1).asString())
                .isEqualTo("7");
    }

    /** What pipeline-service's sink sends to {@code ingest/metrics/_json}: the labels as fields, value, time, type. */
    private void storeAsThePipelineDoes(String org, List<Envelope> envelopes) {
        List<Map<String, Object>> samples = new ArrayList<>();
        for (Envelope envelope : envelopes) {
            Map<String, Object> sample = new LinkedHashMap<>();
            envelope.payload()
                    .get("labels")
                    .properties()
                    .forEach(l -> sample.put(l.getKey(), l.getValue().asString()));
            sample.put("__name__", envelope.payload().get("name").asString());
            sample.put("__type__", envelope.payload().get("kind").asString().toLowerCase(Locale.ROOT));
            sample.put("value", envelope.payload().get("value").asDouble());
            sample.put("_timestamp", envelope.timestamp().toEpochMilli() * 1000);
            samples.add(sample);
        }
        client.forOrg(org).ingestMetrics(samples);
    }

    @Test
    void write_refusedSeries_400WithErrorId_othersStored() {
        String org = "rw-limits";
        long t = Instant.now().toEpochMilli();
        RemoteWriteBodies request = RemoteWriteBodies.request();
        for (int i = 0; i < 60; i++) {
            request.series(new String[] {"__name__", "rw_flood", "id", "v" + i}, new double[] {1}, new long[] {t});
        }
        Http.Answer answer = write(org, tokens.token(org, Role.INGEST), request.snappy(), "snappy");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("detail").asString())
                .contains("10 of 60 samples refused")
                .contains("err-shopwatch-max-series-per-metric");
        assertThat(envelopesOf(org, 50)).hasSize(50);
    }

    @Test
    void write_badBodies_4xx_notRetried() {
        String org = "rw-bad";
        String token = tokens.token(org, Role.INGEST);
        byte[] plain = RemoteWriteBodies.request()
                .series(new String[] {"__name__", "x"}, new double[] {1}, new long[] {1})
                .protobuf();
        assertThat(write(org, token, plain, "snappy").status()).isEqualTo(400);
        assertThat(write(org, token, "garbage".getBytes(), "snappy").status()).isEqualTo(400);
        assertThat(write(org, token, plain, "gzip").status()).isEqualTo(415);
        byte[] nativeHistogram =
                RemoteWriteBodies.request().nativeHistogram("x").snappy();
        assertThat(write(org, token, nativeHistogram, "snappy")
                        .json()
                        .get("detail")
                        .asString())
                .contains("err-shopwatch-native-histogram");
    }

    @Test
    void write_authentication_andOrgOfThePath() {
        byte[] body = RemoteWriteBodies.request()
                .series(new String[] {"__name__", "x"}, new double[] {1}, new long[] {
                    Instant.now().toEpochMilli()
                })
                .snappy();
        assertThat(write("rw-auth", null, body, "snappy").status()).isEqualTo(401);
        assertThat(write("rw-auth", tokens.token("rw-auth", Role.VIEWER), body, "snappy")
                        .status())
                .isEqualTo(403);
        assertThat(write("rw-auth", tokens.token("other-org", Role.INGEST), body, "snappy")
                        .status())
                .isEqualTo(403);
        assertThat(write("rw-auth", tokens.token("rw-auth", Role.INGEST), body, "snappy")
                        .status())
                .isEqualTo(204);
    }
}
