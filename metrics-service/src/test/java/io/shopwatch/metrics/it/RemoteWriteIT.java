package io.shopwatch.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.security.Role;
import io.shopwatch.metrics.remotewrite.RemoteWriteBodies;
import io.shopwatch.metrics.remotewrite.RemoteWriteRequest;
import io.shopwatch.testkit.KafkaTestSupport;
import io.shopwatch.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Prometheus remote write 1.0 against the running service and a real broker. */
class RemoteWriteIT extends MetricsITSupport {

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @Autowired
    MeterRegistry registry;

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
        List<Envelope> envelopes = envelopesOf(org, 3);
        assertThat(envelopes)
                .extracting(e -> e.stream() + ":" + e.payload().get("kind").asString() + ":"
                        + e.payload().get("value").asDouble() + ":"
                        + e.timestamp().toEpochMilli())
                .containsExactlyInAnyOrder(
                        "http_requests_total:COUNTER:10.0:" + t,
                        "http_requests_total:COUNTER:12.0:" + (t + 15_000),
                        "checkout_seconds_bucket:HISTOGRAM:4.0:" + t);
        assertThat(envelopes.get(0).payload().get("labels").get("job").asString())
                .isEqualTo("shop");
        assertThat(registry.find("shopwatch.discarded.samples")
                        .tag("org", org)
                        .tag("reason", "stale_marker")
                        .counter()
                        .count())
                .isEqualTo(1.0);
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
