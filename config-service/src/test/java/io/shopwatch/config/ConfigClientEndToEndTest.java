package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.config.ConfigChangeWatcher;
import io.shopwatch.common.config.ConfigClientConfiguration.ConfigClientLoader;
import io.shopwatch.democlient.DemoService;
import io.shopwatch.democlient.DemoService.DemoProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service using common's config client against this running config-service and broker: it starts on the release in
 * force, follows publishes and rollbacks within seconds without a restart, and starts on its last-known-good copy when
 * config-service is down.
 */
class ConfigClientEndToEndTest extends ConfigServiceIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(ConfigClientEndToEndTest.class);
    private static final String ORG = "shop-c";
    private static final String APP = "client-demo";

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @TempDir
    Path dir;

    @Test
    void service_followsPublishAndRollback_andStartsOnLastKnownGoodWhenConfigServiceIsDown() throws Exception {
        String token = operator(ORG);
        long first = api.draftAndPublish(
                        APP, "prod", token, "{\"demo\":{\"rate\":0.25,\"password\":\"{cipher}pw\"}}", "start")
                .json()
                .path("id")
                .asLong();
        Path cache = dir.resolve("config-cache.json");

        double last;
        try (ConfigurableApplicationContext service = startService(port, cache)) {
            DemoProperties demo = service.getBean(DemoProperties.class);
            assertThat(demo.getRate()).isEqualTo(0.25);
            assertThat(demo.getPassword()).isEqualTo("pw"); // a service gets secrets in clear
            ConfigChangeWatcher watcher = service.getBean(ConfigChangeWatcher.class);
            await().atMost(Duration.ofSeconds(60)).until(watcher::following);

            List<Long> latencies = new ArrayList<>();
            double rate = 0.25;
            for (int round = 1; round <= 5; round++) {
                rate = round / 10.0;
                double wanted = rate;
                long start = System.nanoTime();
                assertThat(api.draftAndPublish(
                                        APP,
                                        "prod",
                                        token,
                                        "{\"demo\":{\"rate\":" + rate + ",\"password\":\"{cipher}******\"}}",
                                        "round " + round)
                                .status())
                        .isEqualTo(201);
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> demo.getRate() == wanted);
                latencies.add((System.nanoTime() - start) / 1_000_000);
            }
            Collections.sort(latencies);
            log.info(
                    "publish -> bean rebound in a running service (HTTP publish + Kafka + fetch + rebind), ms: {}"
                            + " (median {}, max {})",
                    latencies,
                    latencies.get(latencies.size() / 2),
                    latencies.get(latencies.size() - 1));

            assertThat(api.post("/api/v1/config/" + APP + "/prod/rollback", token, "{\"release\":" + first + "}")
                            .status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> demo.getRate() == 0.25);
            last = demo.getRate();
        }
        assertThat(Files.readString(cache)).contains("0.25");

        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (ConfigurableApplicationContext down = startService(deadPort, cache)) {
            DemoProperties demo = down.getBean(DemoProperties.class);
            assertThat(demo.getRate()).isEqualTo(last);
            assertThat(down.getBean(ConfigClientLoader.class).client().refresh())
                    .isEmpty();
            assertThat(demo.getRate()).isEqualTo(last); // a refresh while down keeps the current values
        }
    }

    private ConfigurableApplicationContext startService(int configPort, Path cache) throws IOException {
        return new SpringApplicationBuilder(DemoService.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--spring.application.name=" + APP,
                        "--shopwatch.config.client.enabled=true",
                        "--shopwatch.config.client.uri=http://127.0.0.1:" + configPort,
                        "--shopwatch.config.client.profile=prod",
                        "--shopwatch.config.client.token=" + service(ORG),
                        "--shopwatch.config.client.cache-file=" + cache,
                        "--shopwatch.config.client.timeout=2s",
                        "--spring.kafka.bootstrap-servers=" + brokers,
                        "--spring.main.banner-mode=off");
    }
}
