package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.democlient.BusDemoService;
import io.shopwatch.democlient.DemoService.DemoProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running service with Spring Cloud Bus and common's config client, and without the change topic (its watcher is
 * off): a publish reaches it through the bus's {@code RefreshRemoteApplicationEvent} alone.
 */
class BusClientRefreshTest extends ConfigServiceIntegrationTest {

    private static final String ORG = "shop-bus-client";
    private static final String APP = "bus-client-demo";

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @TempDir
    Path dir;

    @Test
    void publish_reachesABusClient_throughRefreshRemoteApplicationEvent() {
        String token = operator(ORG);
        assertThat(api.draftAndPublish(APP, "prod", token, "{\"demo\":{\"rate\":0.25}}", "base")
                        .status())
                .isEqualTo(201);
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(BusDemoService.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--spring.config.location=optional:classpath:/no-such-config/",
                        "--spring.application.name=" + APP,
                        "--spring.kafka.bootstrap-servers=" + brokers,
                        "--spring.cloud.bus.id=" + APP + ":bus-1",
                        // the config client refreshes on the event; the bus's own full context refresh is not needed
                        "--spring.cloud.bus.refresh.enabled=false",
                        // the anonymous bus consumer reads from the start, so no event is missed before it is assigned
                        "--spring.cloud.stream.kafka.bindings.springCloudBusInput.consumer.start-offset=earliest",
                        "--shopwatch.config.client.enabled=true",
                        "--shopwatch.config.client.uri=http://127.0.0.1:" + port,
                        "--shopwatch.config.client.profile=prod",
                        "--shopwatch.config.client.token=" + service(ORG),
                        "--shopwatch.config.client.cache-file=" + dir.resolve("cache.json"),
                        "--shopwatch.config.client.kafka-bootstrap-servers=",
                        "--shopwatch.security.enabled=false",
                        "--spring.main.banner-mode=off")) {
            DemoProperties demo = service.getBean(DemoProperties.class);
            assertThat(demo.getRate()).isEqualTo(0.25);
            assertThat(api.draftAndPublish(APP, "prod", token, "{\"demo\":{\"rate\":0.75}}", "over the bus")
                            .status())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(60)).until(() -> demo.getRate() == 0.75);
        }
    }
}
