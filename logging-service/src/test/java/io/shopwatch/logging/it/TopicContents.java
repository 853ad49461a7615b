package io.shopwatch.logging.it;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything a topic holds right now: reads every partition from the beginning up to the end offsets taken when the
 * read starts. The service answers only after Kafka acknowledged, so whatever an answer accepted is below those
 * offsets — no waiting, and "not on the topic" is a definite statement.
 */
final class TopicContents {

    private TopicContents() {}

    static List<ConsumerRecord<String, Envelope>> read(String bootstrapServers, String topic) {
        return read(bootstrapServers, topic, new EnvelopeSerde().deserializer());
    }

    /** The records as the producer wrote them, bytes unread. */
    static List<ConsumerRecord<String, byte[]>> readBytes(String bootstrapServers, String topic) {
        return read(bootstrapServers, topic, new ByteArrayDeserializer());
    }

    private static <V> List<ConsumerRecord<String, V>> read(
            String bootstrapServers, String topic, Deserializer<V> values) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Instant deadline = Instant.now().plusSeconds(30);
            while (!reachedEnd(consumer, end) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The records whose envelope id is one of {@code ids}. */
    static List<ConsumerRecord<String, Envelope>> withIds(
            List<ConsumerRecord<String, Envelope>> records, Collection<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        return records.stream().filter(r -> wanted.contains(r.value().id())).toList();
    }

    static List<ConsumerRecord<String, Envelope>> matching(
            List<ConsumerRecord<String, Envelope>> records, Predicate<ConsumerRecord<String, Envelope>> test) {
        return records.stream().filter(test).toList();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
