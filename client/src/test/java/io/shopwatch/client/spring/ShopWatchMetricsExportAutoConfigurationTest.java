package io.shopwatch.client.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.shopwatch.client.FakeShopWatch;
import io.shopwatch.client.micrometer.ShopWatchMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;

/** The auto-configuration in a Boot context with Boot's own metrics auto-configuration, against a real HTTP server. */
class ShopWatchMetricsExportAutoConfigurationTest {

    private final FakeShopWatch server = new FakeShopWatch().byDefault(FakeShopWatch::acceptAll);

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    ShopWatchMetricsExportAutoConfiguration.class));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void urlSet_registryShipsTheMetersWithTheApiKey() {
        contexts.withPropertyValues(
                        "shopwatch.metrics.export.url=" + server.url(),
                        "shopwatch.metrics.export.api-key=swk_test",
                        "shopwatch.metrics.export.org=shop-eu",
                        "shopwatch.metrics.export.step=1h")
                .run(context -> {
                    assertThat(context).hasSingleBean(ShopWatchMeterRegistry.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    registry.counter("orders.placed", "channel", "web").increment(3);
                    // a step of 1h: the context's close publishes the last values
                    context.close();
                });

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !server.records("/api/v1/metrics").isEmpty());
        JsonNode sample = server.records("/api/v1/metrics").stream()
                .filter(r -> r.path("name").asString().equals("orders_placed_total"))
                .findFirst()
                .orElseThrow();
        assertThat(sample.get("type").asString()).isEqualTo("counter");
        assertThat(sample.get("value").asDouble()).isEqualTo(3.0);
        assertThat(sample.get("labels").get("channel").asString()).isEqualTo("web");
        FakeShopWatch.Received request = server.received("/api/v1/metrics").get(0);
        assertThat(request.header("X-API-Key")).isEqualTo("swk_test");
        assertThat(request.header("X-ShopWatch-Org")).isEqualTo("shop-eu");
    }

    @Test
    void besideAnotherRegistry_bothFedThroughBootsComposite() {
        contexts.withPropertyValues(
                        "shopwatch.metrics.export.url=" + server.url(), "management.simple.metrics.export.enabled=true")
                .withBean(io.micrometer.core.instrument.simple.SimpleMeterRegistry.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(ShopWatchMeterRegistry.class);
                    assertThat(context.getBean(MeterRegistry.class)).isInstanceOf(CompositeMeterRegistry.class);
                });
    }

    @Test
    void noUrl_orDisabled_noRegistry() {
        contexts.run(context -> assertThat(context).doesNotHaveBean(ShopWatchMeterRegistry.class));
        contexts.withPropertyValues(
                        "shopwatch.metrics.export.url=" + server.url(), "shopwatch.metrics.export.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ShopWatchMeterRegistry.class));
    }
}
