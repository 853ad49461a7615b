package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.config.ConfigChangeWatcher;
import io.shopwatch.common.config.ConfigClientConfiguration.ConfigClientLoader;
import io.shopwatch.democlient.DemoService.DemoProperties;
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
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two running services using common's config client against this running config-service and broker: they start on
 * the release in force, follow publishes and rollbacks within seconds without a restart (latency printed for both), and starts on its last-known-good copy when
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
        try (ConfigurableApplicationContext service = startService(port, cache, "demo-1");
                ConfigurableApplicationContext second =
                        startService(port, dir.resolve("second-cache.json"), "demo-2")) {
            DemoProperties demo = service.getBean(DemoProperties.class);
            DemoProperties demo2 = second.getBean(DemoProperties.class);
            assertThat(demo.getRate()).isEqualTo(0.25);
            assertThat(demo2.getRate()).isEqualTo(0.25);
            assertThat(demo.getPassword()).isEqualTo("pw"); // a service gets secrets in clear
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> service.getBean(ConfigChangeWatcher.class).following()
                            && second.getBean(ConfigChangeWatcher.class).following());

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
                        .until(() -> demo.getRate() == wanted && demo2.getRate() == wanted);
                latencies.add((System.nanoTime() - start) / 1_000_000);
            }
            Collections.sort(latencies);
            log.info(
                    "publish -> bean rebound in TWO running services (HTTP publish + Kafka + fetch + rebind, both), ms:"
                            + " {} (median {}, max {})",
                    latencies,
                    latencies.get(latencies.size() / 2),
                    latencies.get(latencies.size() - 1));

            long start = System.nanoTime();
            assertThat(api.post("/api/v1/config/" + APP + "/prod/rollback", token, "{\"release\":" + first + "}")
                            .status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> demo.getRate() == 0.25 && demo2.getRate() == 0.25);
            log.info(
                    "rollback -> previous values back in TWO running services in {} ms",
                    (System.nanoTime() - start) / 1_000_000);
            assertThat(demo.getPassword()).isEqualTo("pw");
            assertThat(demo2.getPassword()).isEqualTo("pw");
            last = demo.getRate();
        }
        assertThat(Files.readString(cache)).contains("0.25");

        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (ConfigurableApplicationContext down = startService(deadPort, cache, "demo-1")) {
            DemoProperties demo = down.getBean(DemoProperties.class);
            assertThat(demo.getRate()).isEqualTo(last);
            assertThat(down.getBean(ConfigClientLoader.class).client().refresh())
                    .isEmpty();
            assertThat(demo.getRate()).isEqualTo(last); // a refresh while down keeps the current values
        }
    }

    private ConfigurableApplicationContext startService(int configPort, Path cache, String instance) {
        return DemoClients.start(APP, configPort, service(ORG), brokers, cache, instance, "");
    }
}
