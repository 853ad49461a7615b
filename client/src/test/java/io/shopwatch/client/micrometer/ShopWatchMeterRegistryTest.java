package io.shopwatch.client.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.push.PushRegistryConfig;
import io.shopwatch.client.FakeShopWatch;
import io.shopwatch.client.ShopWatchClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ShopWatchMeterRegistryTest {

    static final String METRICS = "/api/v1/metrics";

    final FakeShopWatch server = new FakeShopWatch();
    final ShopWatchClient client = ShopWatchClient.builder(server.url())
            .apiKey("sk-boot")
            .flushInterval(Duration.ofMinutes(5))
            .build();
    final MockClock clock = new MockClock();
    final PushRegistryConfig config = new PushRegistryConfig() {
        @Override
        public String prefix() {
            return "test";
        }

        @Override
        public String get(String key) {
            return null;
        }
    };
    final ShopWatchMeterRegistry registry = new ShopWatchMeterRegistry(client, config, clock);

    @AfterEach
    void tearDown() {
        registry.close();
        client.close();
        server.close();
    }

    JsonNode sent(String name) {
        List<JsonNode> found = server.records(METRICS).stream()
                .filter(r -> r.get("name").asString().equals(name))
                .toList();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    @Test
    void close_publishesEveryMeter_namedAndShapedAsMetricsServiceReadsThem() {
        Counter.builder("shop.orders")
                .tag("paymentMethod", "card")
                .register(registry)
                .increment(3);
        Timer checkout = Timer.builder("checkout.duration")
                .serviceLevelObjectives(Duration.ofMillis(500), Duration.ofSeconds(1))
                .tag("channel", "web")
                .register(registry);
        checkout.record(Duration.ofMillis(200));
        checkout.record(Duration.ofMillis(700));
        checkout.record(Duration.ofSeconds(3));
        AtomicInteger cart = registry.gauge("cart.items", List.of(), new AtomicInteger(4));
        DistributionSummary.builder("order.value")
                .baseUnit("euros")
                .register(registry)
                .record(89.9);
        Timer.builder("no.histogram").register(registry).record(Duration.ofMillis(250));

        registry.close();

        assertThat(cart).hasValue(4);
        long at = clock.wallTime();
        JsonNode orders = sent("shop_orders_total");
        assertThat(orders.get("type").asString()).isEqualTo("counter");
        assertThat(orders.get("value").asDouble()).isEqualTo(3.0);
        assertThat(orders.get("labels")).hasSize(1);
        assertThat(orders.get("labels").get("payment_method").asString()).isEqualTo("card");
        assertThat(orders.get("timestamp").asLong()).isEqualTo(at);

        JsonNode timer = sent("checkout_duration_seconds");
        assertThat(timer.get("type").asString()).isEqualTo("histogram");
        assertThat(timer.get("buckets").properties())
                .extracting(e -> e.getKey() + "=" + e.getValue().asLong())
                .containsExactly("0.5=1", "1=2");
        assertThat(timer.get("count").asLong()).isEqualTo(3);
        assertThat(timer.get("sum").asDouble()).isEqualTo(3.9);
        assertThat(timer.get("labels").get("channel").asString()).isEqualTo("web");
        assertThat(sent("checkout_duration_seconds_max").get("value").asDouble())
                .isEqualTo(3.0);

        assertThat(sent("cart_items").get("value").asDouble()).isEqualTo(4.0);
        JsonNode value = sent("order_value_euros");
        assertThat(value.get("sum").asDouble()).isEqualTo(89.9);
        assertThat(value.get("count").asLong()).isEqualTo(1);

        JsonNode plain = sent("no_histogram_seconds");
        assertThat(plain.get("buckets")).isEmpty();
        assertThat(plain.get("count").asLong()).isEqualTo(1);
        assertThat(server.received(METRICS))
                .allSatisfy(r -> assertThat(r.header("X-API-Key")).isEqualTo("sk-boot"));
    }

    @Test
    void histogramBuckets_stayCumulative_acrossSteps() {
        Timer t = Timer.builder("pay")
                .serviceLevelObjectives(Duration.ofSeconds(1))
                .register(registry);
        t.record(Duration.ofMillis(100));
        clock.add(Duration.ofDays(3));
        t.record(Duration.ofMillis(100));

        var snapshot = registry.snapshot().stream()
                .filter(s -> s.name().equals("pay_seconds"))
                .findFirst()
                .orElseThrow();

        assertThat(snapshot.cumulativeCounts()).containsExactly(2L);
        assertThat(snapshot.count()).isEqualTo(2);
    }

    @Test
    void namingConvention_givesNamesAndLabelsShopWatchAccepts() {
        ShopWatchNamingConvention naming = new ShopWatchNamingConvention();

        assertThat(naming.name("http.server.requests", io.micrometer.core.instrument.Meter.Type.TIMER, null))
                .isEqualTo("http_server_requests");
        assertThat(naming.name("9lives-cache.hits", io.micrometer.core.instrument.Meter.Type.COUNTER, null))
                .isEqualTo("m_9lives_cache_hits");
        assertThat(naming.tagKey("payment.method")).isEqualTo("payment_method");
        assertThat(naming.tagKey("1st")).isEqualTo("_1st");
        assertThat(naming.tagKey("paymentMethod")).isEqualTo("payment_method");
        assertThat(naming.name("jvm.gc.pauseHTTP", io.micrometer.core.instrument.Meter.Type.TIMER, null))
                .isEqualTo("jvm_gc_pause_http");
    }
}
