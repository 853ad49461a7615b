package io.shopwatch.pipeline.api;

import io.shopwatch.common.kafka.Topics;
import io.shopwatch.pipeline.flow.KafkaOutlet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** Reads the most recent records of a dead-letter topic, and sends them back to their source topic for a retry. */
public final class DeadLetters {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration READ_LIMIT = Duration.ofSeconds(10);

    private final ConsumerFactory<?, ?> consumerFactory;
    private final KafkaTemplate<String, byte[]> template;

    public DeadLetters(ConsumerFactory<?, ?> consumerFactory, KafkaTemplate<String, byte[]> template) {
        this.consumerFactory = consumerFactory;
        this.template = template;
    }

    /** One dead-lettered record: where it came from, why it was refused, and the record itself. */
    public record DeadLetter(
            String topic,
            int partition,
            long offset,
            Instant rejectedAt,
            String stage,
            String reason,
            String sourceTopic,
            String key,
            String value) {}

    /** The last {@code limit} records of the topic, newest last. */
    public List<DeadLetter> recent(String topic, int limit) {
        return read(topic, limit).stream().map(DeadLetters::describe).toList();
    }

    /** Sends the last {@code limit} records of the topic back to the topics they came from; returns how many. */
    public int replay(String topic, int limit) {
        List<ConsumerRecord<byte[], byte[]>> records = read(topic, limit);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String source = header(record, KafkaOutlet.SOURCE_TOPIC_HEADER);
            if (source == null || Topics.isDeadLetter(source) || record.value() == null || record.value().length == 0) {
                continue;
            }
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            sends.add(template.send(source, key, record.value()));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .orTimeout(30, TimeUnit.SECONDS)
                .join();
        return sends.size();
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String topic, int limit) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (@SuppressWarnings("unchecked")
                Consumer<byte[], byte[]> consumer = (Consumer<byte[], byte[]>)
                        consumerFactory.createConsumer(null, "dlq-reader", null, overrides)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return out;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, Math.max(begins.get(tp), ends.get(tp) - limit));
            }
            Map<TopicPartition, Long> remaining = new LinkedHashMap<>(ends);
            Instant deadline = Instant.now().plus(READ_LIMIT);
            while (remaining.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(POLL).forEach(out::add);
            }
        }
        out.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
        return out.size() <= limit ? out : out.subList(out.size() - limit, out.size());
    }

    private static DeadLetter describe(ConsumerRecord<byte[], byte[]> record) {
        String at = header(record, KafkaOutlet.REJECTED_AT_HEADER);
        return new DeadLetter(
                record.topic(),
                record.partition(),
                record.offset(),
                at == null ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(at),
                header(record, KafkaOutlet.STAGE_HEADER),
                header(record, KafkaOutlet.REASON_HEADER),
                header(record, KafkaOutlet.SOURCE_TOPIC_HEADER),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
