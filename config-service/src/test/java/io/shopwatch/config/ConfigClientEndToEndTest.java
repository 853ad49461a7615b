package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.shopwatch.common.config.ConfigChangeWatcher;
import io.shopwatch.common.config.ConfigClientConfiguration.ConfigClientLoader;
import io.shopwatch.democlient.DemoService.DemoProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two running services using common's config client against this running config-service and broker: they start on
 * the release in force, follow publishes and rollbacks within seconds without a restart (latency printed for both), and starts on its last-known-good copy when
 * config-service is down, taking the release in force as soon as config-service answers again.
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
        assertThat(api.draftAndPublish(APP, "prod", token, "{\"demo\":{\"rate\":0.7}}", "while unreachable")
                        .status())
                .isEqualTo(201);
        try (ConfigurableApplicationContext down = startService(deadPort, cache, "demo-1")) {
            DemoProperties demo = down.getBean(DemoProperties.class);
            assertThat(demo.getRate()).isEqualTo(last);
            assertThat(down.getBean(ConfigClientLoader.class).client().refresh())
                    .isEmpty();
            assertThat(demo.getRate()).isEqualTo(last); // a refresh while down keeps the current values
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> down.getBean(ConfigChangeWatcher.class).following());

            // the release published before this start, which the service could not fetch, reaches it once
            // config-service answers again, with no further change announced
            try (Forwarder ignored = Forwarder.start(deadPort, port)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> demo.getRate() == 0.7);
            }
        }
    }

    /** A plain HTTP forwarder to config-service on a chosen port: config-service "coming back" there. */
    private record Forwarder(HttpServer server) implements AutoCloseable {

        static Forwarder start(int listenPort, int targetPort) throws IOException {
            HttpClient client = HttpClient.newHttpClient();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", listenPort), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + targetPort + exchange.getRequestURI()))
                            .method(
                                    exchange.getRequestMethod(),
                                    HttpRequest.BodyPublishers.ofByteArray(
                                            exchange.getRequestBody().readAllBytes()));
                    exchange.getRequestHeaders().forEach((name, values) -> {
                        if (!Set.of("host", "content-length", "connection", "expect", "upgrade", "http2-settings")
                                .contains(name.toLowerCase(Locale.ROOT))) {
                            values.forEach(v -> request.header(name, v));
                        }
                    });
                    HttpResponse<byte[]> response =
                            client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                    response.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders()
                            .add("Content-Type", type));
                    byte[] body = response.body();
                    exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
                    exchange.getResponseBody().write(body);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | IOException e) {
                    log.warn("forwarding {} failed", exchange.getRequestURI(), e);
                    throw e;
                }
            });
            server.start();
            return new Forwarder(server);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private ConfigurableApplicationContext startService(int configPort, Path cache, String instance) {
        return DemoClients.start(APP, configPort, service(ORG), brokers, cache, instance, "");
    }
}
