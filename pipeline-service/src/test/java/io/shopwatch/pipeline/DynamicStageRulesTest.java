package io.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.config.ConfigChange;
import io.shopwatch.common.config.ConfigChangeWatcher;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.pipeline.enrich.OrderAmountBandEnricher;
import io.shopwatch.pipeline.enrich.ServiceMetadataEnricher;
import io.shopwatch.pipeline.flow.LiveStageChain;
import io.shopwatch.pipeline.flow.Records;
import io.shopwatch.pipeline.quality.JsonSchemaCheck;
import io.shopwatch.pipeline.quality.RequiredFieldsCheck;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import io.shopwatch.pipeline.transform.LevelTransformer;
import io.shopwatch.pipeline.transform.TimestampTransformer;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stage settings change in a running context without a restart: the config client reads them from a
 * config-service answer (the Spring Cloud Config protocol, served by a real HTTP server here), a change event on
 * {@code shopwatch.config.changes} (a real broker) makes {@link StageRulesReloader} put the new chain in force, and an
 * invalid set is refused while the running chain stays. Records flowing during a swap: {@code LiveStageChainTest}.
 */
class DynamicStageRulesTest {

    private static final Logger log = LoggerFactory.getLogger(DynamicStageRulesTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** The stages the service makes (a subset), as Spring beans: the compiler configures them. */
    @Configuration(proxyBeanMethods = false)
    static class Stages {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        List<Stage> stages() {
            return List.of(
                    new FlattenTransformer(3),
                    new TimestampTransformer(),
                    new LevelTransformer(),
                    new ServiceMetadataEnricher(Map.of()),
                    new OrderAmountBandEnricher(List.of(50.0)),
                    new RequiredFieldsCheck(Map.of()),
                    new JsonSchemaCheck(Map.of()));
        }
    }

    private static PipelineRecord order(String id) {
        return Records.record(
                id, "orders", TelemetryType.EVENT, "{\"type\":\"order\",\"session_id\":\"s\"}", Records.NOW, 0);
    }

    private static PipelineRecord run(LiveStageChain live, PipelineRecord record) {
        for (Stage stage : live.get().forStream(record.stream())) {
            if (!record.isRejected()) {
                stage.apply(record);
            }
        }
        return record;
    }

    @Test
    void publishedStageSettings_areInForceInTheRunningPipeline_andAnInvalidSetNeverReplacesThem() throws Exception {
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
        broker.brokerListProperty("shopwatch.test.dynamic-stages.brokers");
        broker.afterPropertiesSet();
        try (ConfigurableApplicationContext pipeline = new SpringApplicationBuilder(
                                Stages.class, DynamicStageConfiguration.class)
                        .web(WebApplicationType.NONE)
                        .run(
                                "--spring.application.name=pipeline-service",
                                "--spring.main.banner-mode=off",
                                "--shopwatch.pipeline.stages=flatten,timestamp,level,required_fields",
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
            LiveStageChain live = pipeline.getBean(LiveStageChain.class);
            MeterRegistry meters = pipeline.getBean(MeterRegistry.class);
            assertThat(run(live, order("before")).isRejected()).isFalse();
            await().atMost(Duration.ofSeconds(60)).until(pipeline.getBean(ConfigChangeWatcher.class)::following);

            answer.set(environment(
                    2,
                    "{\"shopwatch.pipeline.streams.orders.stages\":\"flatten,timestamp,required_fields\","
                            + "\"shopwatch.pipeline.streams.orders.required-fields[0]\":\"customer_id\"}"));
            long start = System.nanoTime();
            send(producer, 2, List.of("shopwatch.pipeline.streams.orders.required-fields[0]"));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> live.version() == 1);
            log.info(
                    "change event -> new stage chain in force in {} ms (Kafka + fetch + bind + compile + swap)",
                    (System.nanoTime() - start) / 1_000_000);
            assertThat(live.get().names("orders")).containsExactly("flatten", "timestamp", "required_fields");
            assertThat(live.get().names("logs")).containsExactly("flatten", "timestamp", "level", "required_fields");
            assertThat(run(live, order("after")).rejection().reason()).contains("customer_id");

            answer.set(environment(
                    3,
                    "{\"shopwatch.pipeline.streams.orders.stages\":\"flatten,timestamp,no_such_stage\","
                            + "\"shopwatch.pipeline.streams.orders.required-fields[0]\":\"order_id\"}"));
            send(producer, 3, List.of("shopwatch.pipeline.streams.orders.stages"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> meters.counter("shopwatch.pipeline.stage.rules.reloads", "outcome", "refused")
                                    .count()
                            == 1);
            assertThat(live.version()).isEqualTo(1);
            assertThat(live.get().names("orders")).containsExactly("flatten", "timestamp", "required_fields");
            assertThat(run(live, order("refused")).rejection().reason()).contains("customer_id");
        } finally {
            configService.stop(0);
            broker.destroy();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, long release, List<String> keys) {
        ConfigChange change = new ConfigChange(
                release,
                "default",
                "pipeline-service",
                "prod",
                "PUBLISH",
                release - 1,
                "0".repeat(64),
                "~1",
                keys,
                "operator@default",
                "stream rules",
                Instant.now());
        producer.send(new ProducerRecord<>(Topics.CONFIG_CHANGES, "pipeline-service", JSON.writeValueAsBytes(change)));
        producer.flush();
    }

    private static String environment(long version, String source) {
        return "{\"name\":\"pipeline-service\",\"profiles\":[\"prod\"],\"label\":\"main\",\"version\":\"" + version
                + "\",\"propertySources\":[{\"name\":\"shopwatch:pipeline-service-prod@" + version + "\",\"source\":"
                + source + "}]}";
    }
}
