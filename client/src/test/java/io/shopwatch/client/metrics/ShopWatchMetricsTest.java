package io.shopwatch.client.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shopwatch.client.FakeShopWatch;
import io.shopwatch.client.MetricSample;
import io.shopwatch.client.ShopWatchClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ShopWatchMetricsTest {

    static final String METRICS = "/api/v1/metrics";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Instant NOW = Instant.parse("2026-12-06T10:15:30Z");

    final FakeShopWatch server = new FakeShopWatch();
    final ShopWatchClient client = ShopWatchClient.builder(server.url())
            .apiKey("sk-metrics")
            .flushInterval(Duration.ofMinutes(5))
            .initialBackoff(Duration.ofMillis(20))
            .build();
    final ShopWatchMetrics metrics = ShopWatchMetrics.builder(client)
            .step(null)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();

    @AfterEach
    void tearDown() {
        metrics.close();
        client.close();
        server.close();
    }

    static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    JsonNode sent(String name) {
        return server.records(METRICS).stream()
                .filter(r -> r.get("name").asString().equals(name))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void publish_sendsCounterGaugeAndHistogram_inTheJsonMetricsServiceReads() throws Exception {
        ShopWatchMetrics.Counter orders = metrics.counter("shop_orders_total", "Orders placed");
        orders.labels("channel", "web", "payment_method", "card").increment();
        orders.labels("payment_method", "card", "channel", "web").increment(2);
        metrics.gauge("shop_cart_items", "Items in open carts")
                .labels("channel", "app")
                .set(3.5);
        ShopWatchMetrics.Histogram checkout =
                metrics.histogram("shop_checkout_duration_seconds", "Checkout time", 0.5, 1, 2.5);
        for (double v : new double[] {0.2, 0.5, 0.7, 3.0}) {
            checkout.labels("channel", "web").observe(v);
        }

        assertThat(metrics.publish()).isZero();
        assertThat(client.flush(WAIT)).isTrue();

        assertThat(server.received(METRICS)).hasSize(1);
        assertThat(server.received(METRICS).get(0).header("X-API-Key")).isEqualTo("sk-metrics");
        assertThat(server.records(METRICS)).hasSize(3);
        long at = NOW.toEpochMilli();
        assertThat(sent("shop_orders_total")).isEqualTo(json("""
                        {"name":"shop_orders_total","type":"counter","value":3.0,
                         "labels":{"channel":"web","payment_method":"card"},"timestamp":%d,"help":"Orders placed"}
                        """.formatted(at)));
        assertThat(sent("shop_cart_items")).isEqualTo(json("""
                        {"name":"shop_cart_items","type":"gauge","value":3.5,"labels":{"channel":"app"},
                         "timestamp":%d,"help":"Items in open carts"}
                        """.formatted(at)));
        assertThat(sent("shop_checkout_duration_seconds")).isEqualTo(json("""
                        {"name":"shop_checkout_duration_seconds","type":"histogram",
                         "buckets":{"0.5":2,"1":3,"2.5":3},"sum":4.4,"count":4,
                         "labels":{"channel":"web"},"timestamp":%d,"help":"Checkout time"}
                        """.formatted(at)));
        assertThat(client.stats().accepted()).isEqualTo(3);
    }

    @Test
    void counters_areCumulativeAcrossPublishes() throws Exception {
        ShopWatchMetrics.Counter refunds = metrics.counter("shop_refunds_total", null);
        refunds.increment();
        metrics.publish();
        refunds.increment();
        metrics.publish();
        assertThat(client.flush(WAIT)).isTrue();

        assertThat(server.records(METRICS))
                .extracting(r -> r.get("value").asDouble())
                .containsExactly(1.0, 2.0);
        assertThatThrownBy(() -> refunds.labels().increment(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelSetsBeyondTheLimit_areNotRecorded_andCounted() {
        ShopWatchMetrics small = ShopWatchMetrics.builder(client)
                .step(null)
                .maxSeriesPerMetric(2)
                .build();
        ShopWatchMetrics.Counter views = small.counter("shop_views_total", null);

        IntStream.range(0, 5).forEach(i -> views.labels("product", "p-" + i).increment());

        assertThat(small.snapshot()).extracting(s -> s.labels().get("product")).containsExactlyInAnyOrder("p-0", "p-1");
        assertThat(small.droppedSeries()).isEqualTo(3);
    }

    @Test
    void aFullClientQueue_dropsSamplesAndCounts_withoutBlocking() {
        server.holdRequests();
        ShopWatchClient tiny = ShopWatchClient.builder(server.url())
                .batchSize(1)
                .queueCapacity(2)
                .flushInterval(Duration.ofMinutes(5))
                .build();
        try (tiny) {
            ShopWatchMetrics m = ShopWatchMetrics.builder(tiny).step(null).build();
            m.gauge("shop_inventory_low", null).labels("sku", "first").set(1);
            m.publish();
            await().atMost(WAIT).until(() -> server.received(METRICS).size() == 1);
            ShopWatchMetrics.Gauge stock = m.gauge("shop_inventory_low", null);
            IntStream.range(0, 4).forEach(i -> stock.labels("sku", "s-" + i).set(i));

            int refused = m.publish();

            // five series: two queued, three refused (the sender holds the first in flight)
            assertThat(refused).isEqualTo(3);
            assertThat(tiny.stats().dropped()).isEqualTo(3);
            server.release();
        }
    }

    @Test
    void close_queuesALastSnapshot_andTheClientSendsItOnClose() {
        ShopWatchClient other = ShopWatchClient.builder(server.url())
                .flushInterval(Duration.ofMinutes(5))
                .build();
        ShopWatchMetrics m =
                ShopWatchMetrics.builder(other).step(Duration.ofHours(1)).build();
        m.counter("shop_orders_total", null).increment();

        m.close();
        other.close();

        assertThat(server.records(METRICS))
                .extracting(r -> r.get("name").asString())
                .containsExactly("shop_orders_total");
    }

    @Test
    void instruments_areFoundByName_andNamesAreChecked() {
        assertThat(metrics.counter("shop_orders_total", null)).isSameAs(metrics.counter("shop_orders_total", null));
        assertThatThrownBy(() -> metrics.gauge("shop_orders_total", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.counter("shop.orders", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.histogram("h_seconds", null, 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.counter("c_total", null).labels("le", "1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metricSamples_canBeSentDirectly_withShopWatchsAnswer() throws Exception {
        var result = client.sendMetrics(List.of(MetricSample.gauge("shop_cart_items", java.util.Map.of(), 2, NOW)
                .describedAs("items", null)));

        assertThat(result.accepted()).isEqualTo(1);
        assertThat(server.records(METRICS).get(0).get("unit").asString()).isEqualTo("items");
    }
}
