package io.shopwatch.performance.budget;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes each changed rate to a topic, key {@code org/stream}, value the {@link SamplingRate} as JSON: a reader keeps
 * the latest value per key (the topic may be compacted).
 */
public final class KafkaSamplingRatePublisher implements SamplingRatePublisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSamplingRatePublisher.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong failed = new AtomicLong();

    public KafkaSamplingRatePublisher(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "performance-sampling",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        5000),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @Override
    public void publish(List<SamplingRate> rates) {
        for (SamplingRate rate : rates) {
            producer.send(
                    new ProducerRecord<>(topic, rate.org() + "/" + rate.stream(), JSON.writeValueAsBytes(rate)),
                    (metadata, error) -> {
                        if (error != null) {
                            failed.incrementAndGet();
                            log.warn(
                                    "sampling rate of {}/{} not published: {}",
                                    rate.org(),
                                    rate.stream(),
                                    error.toString());
                        }
                    });
        }
    }

    /** Rates the broker did not take. */
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
