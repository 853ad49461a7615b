package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A publish and a rollback each send Spring Cloud Bus's stock {@code RefreshRemoteApplicationEvent} for
 * {@code <application>:**} on the bus topic ({@code springCloudBus}), as any Spring Cloud Bus client expects it.
 */
class BusRefreshTest extends ConfigServiceIntegrationTest {

    private static final String ORG = "shop-bus";
    private static final String APP = "bus-demo";

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @Test
    void publishAndRollback_sendRefreshRemoteApplicationEvent_forTheApplication() {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bus-refresh-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of("springCloudBus"));
            String token = operator(ORG);
            long first = api.draftAndPublish(APP, "prod", token, "{\"demo.rate\":0.1}", "one")
                    .json()
                    .path("id")
                    .asLong();
            assertThat(api.draftAndPublish(APP, "prod", token, "{\"demo.rate\":0.2}", "two")
                            .status())
                    .isEqualTo(201);
            assertThat(api.post("/api/v1/config/" + APP + "/prod/rollback", token, "{\"release\":" + first + "}")
                            .status())
                    .isEqualTo(200);
            JsonMapper json = JsonMapper.builder().build();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode event = json.readTree(new String(record.value(), StandardCharsets.UTF_8));
                    if ((APP + ":**").equals(event.path("destinationService").asString())) {
                        events.add(event);
                    }
                }
                return events.size() >= 3;
            });
        }
        assertThat(events).allSatisfy(event -> {
            assertThat(event.path("type").asString()).isEqualTo("RefreshRemoteApplicationEvent");
            assertThat(event.path("originService").asString()).startsWith("config-service:");
        });
    }
}
