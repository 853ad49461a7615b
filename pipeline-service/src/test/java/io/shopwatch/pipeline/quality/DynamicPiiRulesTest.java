package io.shopwatch.pipeline.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.shopwatch.common.config.ConfigChange;
import io.shopwatch.common.config.ConfigChangeWatcher;
import io.shopwatch.common.kafka.Topics;
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
 * The pipeline's custom PII rules change in a running context without a restart: the config client reads them from
 * a config-service answer (the Spring Cloud Config protocol, served by a real HTTP server here), and a change event on
 * {@code shopwatch.config.changes} (a real broker) makes the running {@link CustomPiiRules} mask the new pattern.
 * config-service's own publish → Kafka path is tested in config-service ({@code ConfigClientEndToEndTest}).
 */
class DynamicPiiRulesTest {

    private static final Logger log = LoggerFactory.getLogger(DynamicPiiRulesTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void publishedRule_isAppliedByTheRunningPipeline_withoutRestart() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>(environment(1, "{}"));
        HttpServer configService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        configService.createContext("/pipeline-service/prod", exchange -> {
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        configService.start();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.CONFIG_CHANGES);
        // its own property: by default the broker writes a JVM-wide system property the other test classes could read
        broker.brokerListProperty("shopwatch.test.dynamic-pii.brokers");
        broker.afterPropertiesSet();
        try (ConfigurableApplicationContext pipeline = new SpringApplicationBuilder(DynamicPiiConfiguration.class)
                        .web(WebApplicationType.NONE)
                        .run(
                                "--spring.application.name=pipeline-service",
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
            CustomPiiRules rules = pipeline.getBean(CustomPiiRules.class);
            assertThat(rules.mask("order ORD-123456 shipped", (r, n) -> {})).isEqualTo("order ORD-123456 shipped");
            await().atMost(Duration.ofSeconds(60)).until(pipeline.getBean(ConfigChangeWatcher.class)::following);

            answer.set(environment(
                    2,
                    "{\"shopwatch.pipeline.pii.rules[0].name\":\"order_ref\","
                            + "\"shopwatch.pipeline.pii.rules[0].pattern\":\"ORD-\\\\d{6}\","
                            + "\"shopwatch.pipeline.pii.rules[0].replacement\":\"ORD-******\"}"));
            long start = System.nanoTime();
            ConfigChange change = new ConfigChange(
                    2,
                    "default",
                    "pipeline-service",
                    "prod",
                    "PUBLISH",
                    1L,
                    "0".repeat(64),
                    "+3 -0 ~0",
                    List.of("shopwatch.pipeline.pii.rules[0].pattern"),
                    "operator@default",
                    "mask order references",
                    Instant.now());
            producer.send(
                    new ProducerRecord<>(Topics.CONFIG_CHANGES, "pipeline-service", JSON.writeValueAsBytes(change)));
            producer.flush();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() ->
                            rules.mask("order ORD-123456 shipped", (r, n) -> {}).equals("order ORD-****** shipped"));
            log.info(
                    "change event -> running pipeline masks with the new rule in {} ms (Kafka + fetch + rebind + compile)",
                    (System.nanoTime() - start) / 1_000_000);
            assertThat(rules.size()).isEqualTo(1);
        } finally {
            configService.stop(0);
            broker.destroy();
        }
    }

    private static String environment(long version, String source) {
        return "{\"name\":\"pipeline-service\",\"profiles\":[\"prod\"],\"label\":\"main\",\"version\":\"" + version
                + "\",\"propertySources\":[{\"name\":\"shopwatch:pipeline-service-prod@" + version + "\",\"source\":"
                + source + "}]}";
    }
}
