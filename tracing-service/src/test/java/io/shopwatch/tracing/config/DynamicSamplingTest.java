package io.shopwatch.tracing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.shopwatch.common.config.ConfigChange;
import io.shopwatch.common.config.ConfigChangeWatcher;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.tracing.sampling.SamplingPolicies;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tail-sampling rates change in a running context without a restart: the config client reads them from a
 * config-service answer (the Spring Cloud Config protocol, served by a real HTTP server here), and a change event on
 * {@code shopwatch.config.changes} (a real broker) puts the new policies in force; an invalid rate is refused and the
 * current policies stay. config-service's own publish → Kafka path is tested in config-service.
 */
class DynamicSamplingTest {

    private static final Logger log = LoggerFactory.getLogger(DynamicSamplingTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void publishedSamplingRates_areAppliedByTheRunningService_withoutRestart() throws Exception {
        AtomicReference<String> answer =
                new AtomicReference<>(environment(1, "{\"shopwatch.tracing.sampling.defaults.probability\":0.2}"));
        HttpServer configService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        configService.createContext("/tracing-service/prod", exchange -> {
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        // the client acknowledges each release once its listeners ran: the test's signal that a refresh is complete
        List<String> acks = new java.util.concurrent.CopyOnWriteArrayList<>();
        configService.createContext("/api/v1/config/tracing-service/acks", exchange -> {
            acks.add(JSON.readTree(exchange.getRequestBody().readAllBytes())
                    .path("version")
                    .asString());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        configService.start();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.CONFIG_CHANGES);
        // its own property: by default the broker writes spring.kafka.bootstrap-servers, a JVM-wide system property
        // that the other test classes' shared context would then read
        broker.brokerListProperty("shopwatch.test.dynamic-sampling.brokers");
        broker.afterPropertiesSet();
        try (ConfigurableApplicationContext tracing = new SpringApplicationBuilder(DynamicSamplingConfiguration.class)
                        .web(WebApplicationType.NONE)
                        .run(
                                "--spring.application.name=tracing-service",
                                "--spring.main.banner-mode=off",
                                "--shopwatch.config.client.enabled=true",
                                "--shopwatch.config.client.uri=http://127.0.0.1:"
                                        + configService.getAddress().getPort(),
                                "--shopwatch.config.client.profile=prod",
                                "--shopwatch.config.client.cache-file=" + dir.resolve("cache.json"),
                                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            SamplingPolicies policies = tracing.getBean(SamplingPolicies.class);
            assertThat(policies.policy("shop-a").probability()).isEqualTo(0.2); // started on config-service's value
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.contains("1"));
            await().atMost(Duration.ofSeconds(60)).until(tracing.getBean(ConfigChangeWatcher.class)::following);

            answer.set(environment(
                    2,
                    "{\"shopwatch.tracing.sampling.defaults.probability\":0.05,"
                            + "\"shopwatch.tracing.sampling.orgs.shop-a.probability\":1.0}"));
            long start = System.nanoTime();
            send(producer, 2);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> policies.policy("shop-a").probability() == 1.0);
            log.info(
                    "change event -> running tracing-service samples at the new rates in {} ms (Kafka + fetch + bind)",
                    (System.nanoTime() - start) / 1_000_000);
            assertThat(policies.policy("shop-b").probability()).isEqualTo(0.05);

            // a rate outside [0, 1] that slipped past config-service's gate: refused, the current policies stay
            answer.set(environment(3, "{\"shopwatch.tracing.sampling.defaults.probability\":7.5}"));
            send(producer, 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.contains("3"));
            assertThat(policies.policy("shop-b").probability()).isEqualTo(0.05);
        } finally {
            configService.stop(0);
            broker.destroy();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, long release) {
        ConfigChange change = new ConfigChange(
                release,
                "default",
                "tracing-service",
                "prod",
                "PUBLISH",
                release - 1,
                "0".repeat(64),
                "~1",
                List.of("shopwatch.tracing.sampling.defaults.probability"),
                "operator@default",
                "sampling rates",
                Instant.now());
        producer.send(new ProducerRecord<>(Topics.CONFIG_CHANGES, "tracing-service", JSON.writeValueAsBytes(change)));
        producer.flush();
    }

    private static String environment(long version, String source) {
        return "{\"name\":\"tracing-service\",\"profiles\":[\"prod\"],\"label\":\"main\",\"version\":\"" + version
                + "\",\"propertySources\":[{\"name\":\"shopwatch:tracing-service-prod@" + version + "\",\"source\":"
                + source + "}]}";
    }
}
