package io.shopwatch.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.push.PushRegistryConfig;
import io.shopwatch.client.ShopWatchClient;
import io.shopwatch.client.metrics.ShopWatchMetrics;
import io.shopwatch.client.micrometer.ShopWatchMeterRegistry;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.KafkaTestSupport;
import io.shopwatch.testkit.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The client module's metrics API and Micrometer registry, sending to this service as a storefront would. */
class ClientIngestIT extends MetricsITSupport {

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    private final TestTokens tokens = TestTokens.shared();

    private ShopWatchClient client(String org) {
        return ShopWatchClient.builder("http://127.0.0.1:" + port)
                .header("Authorization", "Bearer " + tokens.token(org, Role.INGEST))
                .flushInterval(Duration.ofMinutes(5))
                .maxAttempts(1)
                .build();
    }

    private Map<String, List<Envelope>> storedByStream(String org, int expected) {
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
        return found.stream().collect(Collectors.groupingBy(Envelope::stream));
    }

    @Test
    void shopWatchMetrics_counterGaugeHistogram_areAllAccepted_andStoredInOpenObserveLayout() throws Exception {
        String org = "client-metrics";
        ShopWatchClient client = client(org);
        try (client) {
            ShopWatchMetrics metrics =
                    ShopWatchMetrics.builder(client).step(null).build();
            metrics.counter("shop_orders_total", "Orders placed")
                    .labels("channel", "web", "payment_method", "card")
                    .increment(2);
            metrics.gauge("shop_cart_items", "Items in carts")
                    .labels("channel", "app")
                    .set(3);
            ShopWatchMetrics.Histogram checkout =
                    metrics.histogram("shop_checkout_duration_seconds", "Checkout time", 0.5, 1, 2.5);
            checkout.labels("channel", "web").observe(0.3);
            checkout.labels("channel", "web").observe(1.7);

            metrics.publish();
            assertThat(client.flush(Duration.ofSeconds(20))).isTrue();

            assertThat(client.stats().accepted()).isEqualTo(3);
            assertThat(client.stats().rejected()).isZero();
            assertThat(client.stats().failed()).isZero();
        }
        Map<String, List<Envelope>> stored = storedByStream(org, 1 + 1 + 4 + 1 + 1);
        assertThat(stored.get("shop_orders_total").get(0).payload().get("value").asDouble())
                .isEqualTo(2.0);
        assertThat(stored.get("shop_checkout_duration_seconds_bucket"))
                .extracting(e -> e.payload().get("labels").get("le").asString() + "="
                        + e.payload().get("value").asDouble())
                .containsExactlyInAnyOrder("0.5=1.0", "1=1.0", "2.5=2.0", "+Inf=2.0");
        assertThat(stored.get("shop_checkout_duration_seconds_sum")
                        .get(0)
                        .payload()
                        .get("value")
                        .asDouble())
                .isEqualTo(2.0);
    }

    @Test
    void micrometerRegistry_meters_areAllAccepted() {
        String org = "client-micrometer";
        ShopWatchClient client = client(org);
        PushRegistryConfig config = new PushRegistryConfig() {
            @Override
            public String prefix() {
                return "it";
            }

            @Override
            public String get(String key) {
                return null;
            }
        };
        MockClock clock = new MockClock();
        clock.add(Duration.ofMillis(System.currentTimeMillis() - clock.wallTime()));
        ShopWatchMeterRegistry registry = new ShopWatchMeterRegistry(client, config, clock);
        Counter.builder("shop.payments").tag("result", "ok").register(registry).increment(5);
        Timer timer = Timer.builder("http.server.requests")
                .tag("uri", "/checkout")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500))
                .register(registry);
        timer.record(Duration.ofMillis(50));
        timer.record(Duration.ofMillis(300));

        registry.close();
        client.close();

        assertThat(client.stats().rejected()).isZero();
        assertThat(client.stats().failed()).isZero();
        assertThat(client.stats().accepted()).isEqualTo(3);
        Map<String, List<Envelope>> stored = storedByStream(org, 1 + 3 + 1 + 1 + 1);
        assertThat(stored)
                .containsKeys(
                        "shop_payments_total",
                        "http_server_requests_seconds_bucket",
                        "http_server_requests_seconds_sum",
                        "http_server_requests_seconds_count",
                        "http_server_requests_seconds_max");
        assertThat(stored.get("shop_payments_total")
                        .get(0)
                        .payload()
                        .get("labels")
                        .get("result")
                        .asString())
                .isEqualTo("ok");
    }
}
