package io.shopwatch.common.sampling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the sampling rates topic into {@link PublishedRates}. Every instance of a service that applies the rates (the
 * pipeline, tracing-service's tail sampler) reads every rate (a consumer
 * group of its own, from the earliest offset: the latest value of each {@code org/stream} wins, so an instance that
 * starts applies the rates already published). Until the topic is readable no rate is known and nothing is sampled.
 * Each rate's publication time (the record's timestamp) goes to {@link RateFreshness}, so that a rate read from an old
 * record, or not published again, expires.
 */
public final class SamplingRateFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SamplingRateFeed.class);

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final PublishedRates rates;
    private final RateFreshness freshness;
    private final String topic;
    private final Map<String, Object> consumerConfig;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running;

    /**
     * @param clientId the Kafka client id, and the prefix of the consumer group of this instance (e.g.
     *     {@code pipeline-sampling})
     */
    public SamplingRateFeed(
            PublishedRates rates, RateFreshness freshness, String bootstrapServers, String topic, String clientId) {
        this.rates = rates;
        this.freshness = freshness;
        this.topic = topic;
        this.consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                clientId + "-" + UUID.randomUUID(),
                ConsumerConfig.CLIENT_ID_CONFIG,
                clientId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
    }

    /** Rates read since the start. */
    public long received() {
        return received.get();
    }

    /** Values on the topic that were not a rate (ignored). */
    public long unreadable() {
        return unreadable.get();
    }

    private void read() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.value() != null && rates.accept(record.value())) {
                            received.incrementAndGet();
                            published(record);
                        } else {
                            unreadable.incrementAndGet();
                            log.debug(
                                    "not a sampling rate at {}-{}@{}",
                                    record.topic(),
                                    record.partition(),
                                    record.offset());
                        }
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    log.warn("sampling rates not read: {}", e.toString());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void published(ConsumerRecord<byte[], byte[]> record) {
        JsonNode rate = JSON.readTree(record.value()); // PublishedRates has read it: org and stream are strings
        freshness.published(
                rate.path("org").asString(), rate.path("stream").asString(), Instant.ofEpochMilli(record.timestamp()));
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        running = true;
        Thread reader = new Thread(this::read, "sampling-rates");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
