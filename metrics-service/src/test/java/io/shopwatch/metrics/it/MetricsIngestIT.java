package io.shopwatch.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.KafkaTestSupport;
import io.shopwatch.testkit.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

class MetricsIngestIT extends MetricsITSupport {

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @Autowired
    MeterRegistry registry;

    private final TestTokens tokens = TestTokens.shared();

    /** The org's envelopes on the raw topic (every request is acknowledged by Kafka before it is answered). */
    private List<Envelope> envelopesOf(String org, int expected) {
        List<List<Envelope>> found = new java.util.ArrayList<>(List.of(List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.set(0, envelopesOf(org));
            return found.get(0).size() >= expected;
        });
        return found.get(0);
    }

    private List<Envelope> envelopesOf(String org) {
        EnvelopeSerde.EnvelopeDeserializer reader = new EnvelopeSerde.EnvelopeDeserializer();
        List<ConsumerRecord<String, byte[]>> records =
                KafkaTestSupport.read(brokers, Topics.METRICS_RAW, Integer.MAX_VALUE, Duration.ofSeconds(2));
        return records.stream()
                .map(r -> reader.deserialize(Topics.METRICS_RAW, r.value()))
                .filter(e -> e.org().equals(org))
                .toList();
    }

    @Test
    void ingest_counterGaugeHistogram_reachKafkaInOpenObserveLayout() {
        String org = "ingest-ok";
        long now = Instant.now().toEpochMilli();
        String body = """
                [{"name":"shop_orders_total","type":"counter","value":12,"timestamp":%d,
                  "labels":{"channel":"web","Payment_Method":"card"}},
                 {"name":"shop_cart_items","type":"gauge","value":3.5,"labels":{"channel":"app"}},
                 {"name":"shop_checkout_duration_seconds","type":"histogram","timestamp":%d,
                  "buckets":{"0.5":2,"1":5,"2.5":7},"sum":8.25,"count":8,"labels":{"channel":"web"}}]
                """.formatted(now, now);

        Http.Answer answer = Http.postJson(port, "/api/v1/metrics?results=all", tokens.token(org, Role.INGEST), body);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("accepted").asInt()).isEqualTo(3);
        assertThat(json.get("rejected").asInt()).isZero();
        assertThat(json.get("results")).hasSize(3);
        assertThat(json.get("results").get(2).get("status").asString()).isEqualTo("accepted");

        List<Envelope> envelopes = envelopesOf(org, 8);
        Map<String, List<Envelope>> byStream = envelopes.stream().collect(Collectors.groupingBy(Envelope::stream));
        assertThat(byStream.keySet())
                .containsExactlyInAnyOrder(
                        "shop_orders_total",
                        "shop_cart_items",
                        "shop_checkout_duration_seconds_bucket",
                        "shop_checkout_duration_seconds_sum",
                        "shop_checkout_duration_seconds_count");
        Envelope orders = byStream.get("shop_orders_total").get(0);
        assertThat(orders.type()).isEqualTo(TelemetryType.METRIC);
        assertThat(orders.timestamp().toEpochMilli()).isEqualTo(now);
        assertThat(orders.payload().get("name").asString()).isEqualTo("shop_orders_total");
        assertThat(orders.payload().get("kind").asString()).isEqualTo("COUNTER");
        assertThat(orders.payload().get("value").asDouble()).isEqualTo(12.0);
        assertThat(orders.payload().get("labels").get("payment_method").asString())
                .isEqualTo("card");

        List<Envelope> buckets = byStream.get("shop_checkout_duration_seconds_bucket");
        assertThat(buckets)
                .extracting(e -> e.payload().get("labels").get("le").asString() + "="
                        + e.payload().get("value").asDouble())
                .containsExactlyInAnyOrder("0.5=2.0", "1=5.0", "2.5=7.0", "+Inf=8.0");
        assertThat(buckets)
                .allSatisfy(e -> assertThat(e.payload().get("kind").asString()).isEqualTo("HISTOGRAM"));
        assertThat(byStream.get("shop_checkout_duration_seconds_sum")
                        .get(0)
                        .payload()
                        .get("value")
                        .asDouble())
                .isEqualTo(8.25);
        assertThat(byStream.get("shop_checkout_duration_seconds_count")
                        .get(0)
                        .payload()
                        .get("value")
                        .asDouble())
                .isEqualTo(8.0);
    }

    @Test
    void ingest_badSamples_eachRefusedWithReasonAndErrorId_goodOnesStored() {
        String org = "ingest-bad";
        String longValue = "x".repeat(65);
        long old = Instant.now().minus(Duration.ofHours(6)).toEpochMilli();
        String body = """
                [{"name":"shop_ok","value":1},
                 {"name":"9bad","value":1},
                 {"name":"shop_x","value":"one"},
                 {"name":"shop_x","value":1,"labels":{"a":"%s"}},
                 {"name":"shop_x","value":1,"labels":{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6"}},
                 {"name":"shop_x","value":1,"labels":{"__meta":"1"}},
                 {"name":"shop_x","value":1,"timestamp":%d},
                 {"name":"shop_h","type":"histogram","buckets":{"1":5,"2":3},"sum":1,"count":5},
                 {"name":"shop_x","type":"summary","value":1}]
                """.formatted(longValue, old);

        Http.Answer answer = Http.postJson(port, "/api/v1/metrics", tokens.token(org, Role.INGEST), body);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("accepted").asInt()).isEqualTo(1);
        assertThat(json.get("rejected").asInt()).isEqualTo(8);
        assertThat(json.get("results"))
                .extracting(r -> r.get("index").asInt() + ":" + r.get("reason").asString() + ":"
                        + r.get("error_id").asString())
                .containsExactly(
                        "1:metric_name_invalid:err-shopwatch-metric-name-invalid",
                        "2:malformed:err-shopwatch-malformed",
                        "3:label_value_too_long:err-shopwatch-label-value-too-long",
                        "4:max_label_names_per_series:err-shopwatch-max-label-names-per-series",
                        "5:label_name_invalid:err-shopwatch-label-name-invalid",
                        "6:too_far_in_past:err-shopwatch-too-far-in-past",
                        "7:invalid_histogram:err-shopwatch-invalid-histogram",
                        "8:invalid_type:err-shopwatch-invalid-type");
        assertThat(json.get("results").get(2).get("message").asString()).contains("METRICS_MAX_LABEL_VALUE_LENGTH");
        assertThat(envelopesOf(org, 1)).extracting(Envelope::stream).containsExactly("shop_ok");
        assertThat(discarded(org, "label_value_too_long")).isEqualTo(1.0);
    }

    @Test
    void cardinalityAttack_everyExcessSampleRefusedWithItsReason_andCounted() {
        String org = "attack";
        String token = tokens.token(org, Role.INGEST);
        StringBuilder body = new StringBuilder("[");
        int posted = 2_000;
        for (int i = 0; i < posted; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"name\":\"shop_attack_total\",\"type\":\"counter\",\"value\":1,\"labels\":{\"user\":\"u")
                    .append(i)
                    .append("\"}}");
        }
        body.append(']');

        JsonNode first =
                Http.postJson(port, "/api/v1/metrics", token, body.toString()).json();

        assertThat(first.get("accepted").asInt()).isEqualTo(50);
        assertThat(first.get("rejected").asInt()).isEqualTo(posted - 50);
        assertThat(first.get("results")).allSatisfy(r -> {
            assertThat(r.get("reason").asString()).isEqualTo("max_series_per_metric");
            assertThat(r.get("error_id").asString()).isEqualTo("err-shopwatch-max-series-per-metric");
            assertThat(r.get("message").asString()).contains("METRICS_MAX_SERIES_PER_METRIC");
        });
        // the known series keep working
        JsonNode again = Http.postJson(
                        port,
                        "/api/v1/metrics",
                        token,
                        "[{\"name\":\"shop_attack_total\",\"type\":\"counter\",\"value\":2,\"labels\":{\"user\":\"u7\"}}]")
                .json();
        assertThat(again.get("accepted").asInt()).isEqualTo(1);

        // other metrics fill the org's limit of 120: 50 + 50 + 20 more, then the org refuses
        StringBuilder more = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            more.append(i == 0 ? "" : ",")
                    .append("{\"name\":\"shop_other_")
                    .append(i % 2)
                    .append("\",\"value\":1,\"labels\":{\"k\":\"v")
                    .append(i)
                    .append("\"}}");
        }
        more.append(']');
        JsonNode second =
                Http.postJson(port, "/api/v1/metrics", token, more.toString()).json();
        assertThat(second.get("accepted").asInt()).isEqualTo(70);
        assertThat(second.get("results"))
                .extracting(r -> r.get("reason").asString())
                .containsOnly("max_series_per_org");

        assertThat(discarded(org, "max_series_per_metric")).isEqualTo(posted - 50);
        assertThat(discarded(org, "max_series_per_org")).isEqualTo(30.0);

        JsonNode report = Http.get(port, "/api/v1/metrics/cardinality", tokens.token(org, Role.VIEWER))
                .json();
        assertThat(report.get("series").asInt()).isEqualTo(120);
        assertThat(report.get("max_series_per_org").asInt()).isEqualTo(120);
        assertThat(report.get("metrics").get(0).get("name").asString()).isEqualTo("shop_attack_total");
        assertThat(report.get("metrics").get(0).get("series").asInt()).isEqualTo(50);
    }

    @Test
    void ingest_needsIngestRoleOfTheOrg() {
        String body = "[{\"name\":\"shop_x\",\"value\":1}]";
        assertThat(Http.postJson(port, "/api/v1/metrics", null, body).status()).isEqualTo(401);
        assertThat(Http.postJson(port, "/api/v1/metrics", tokens.token("auth-org", Role.VIEWER), body)
                        .status())
                .isEqualTo(403);
        assertThat(Http.postJson(port, "/api/v1/metrics", tokens.token("auth-org", Role.OPERATOR), body)
                        .status())
                .isEqualTo(200);
        assertThat(Http.get(port, "/api/v1/metrics/cardinality", tokens.token("auth-org", Role.INGEST))
                        .status())
                .isEqualTo(403);
    }

    private double discarded(String org, String reason) {
        var counter = registry.find("shopwatch.discarded.samples")
                .tag("org", org)
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
