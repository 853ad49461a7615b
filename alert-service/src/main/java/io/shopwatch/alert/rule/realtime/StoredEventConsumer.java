package io.shopwatch.alert.rule.realtime;

import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.rule.AlertRuleEngine;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.FollowerFetch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code shopwatch.stored} for the real-time rules, on the replica that holds the lease only. It reads every
 * partition itself (no consumer group, nothing committed) and, when it starts, goes back as far as the longest rule
 * window, so that a replica taking over rebuilds the windows from the topic. Events counted twice are recognised by
 * their ids.
 */
public final class StoredEventConsumer implements Leadership.Listener, HealthIndicator, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoredEventConsumer.class);

    private final Map<String, Object> kafkaProperties;
    private final String topic;
    private final AlertRuleEngine engine;
    private final Clock clock;
    private final Duration minimumReplay;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile String lastError = "";
    private volatile long consumed;
    private volatile long skipped;

    public StoredEventConsumer(
            Map<String, Object> kafkaProperties, String topic, AlertRuleEngine engine, Clock clock, Duration replay) {
        this.kafkaProperties = new HashMap<>(kafkaProperties);
        this.topic = topic;
        this.engine = engine;
        this.clock = clock;
        this.minimumReplay = replay;
    }

    @Override
    public synchronized void elected() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "alert-realtime");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void revoked() {
        running = false;
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        long backoff = 500;
        while (running) {
            if (!engine.hasRealtimeRules()) {
                lastError = "";
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                List<TopicPartition> partitions = partitions(consumer);
                consumer.assign(partitions);
                seekBack(consumer, partitions);
                lastError = "";
                backoff = 500;
                EnvelopeSerde.EnvelopeDeserializer deserializer = new EnvelopeSerde.EnvelopeDeserializer();
                while (running && engine.hasRealtimeRules()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        handle(deserializer, record);
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!lastError.equals(e.toString())) {
                    log.warn("cannot read {}: {}", topic, e.toString());
                }
                lastError = e.toString();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void handle(EnvelopeSerde.EnvelopeDeserializer deserializer, ConsumerRecord<byte[], byte[]> record) {
        // the pipeline keys each stored record "org/stream": records no rule reads are not parsed
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        int slash = key == null ? -1 : key.indexOf('/');
        if (slash > 0 && !engine.readsEvents(key.substring(0, slash), key.substring(slash + 1))) {
            skipped++;
            return;
        }
        Envelope envelope;
        try {
            envelope = deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            log.debug(
                    "skipping a record at {}-{}@{} that is not an envelope",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return;
        }
        if (envelope == null) {
            return;
        }
        consumed++;
        engine.onEvent(envelope.org(), envelope.stream(), envelope.id(), time(envelope), fields(envelope));
    }

    /** The fields real-time rules match and group on: the stored document's top-level values, as text. */
    public static Map<String, String> fields(Envelope envelope) {
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : envelope.payload().properties()) {
            JsonNode v = e.getValue();
            if (v.isValueNode() && !v.isNull()) {
                fields.put(e.getKey(), v.asString());
            }
        }
        return fields;
    }

    /** When the event happened: the stored {@code _timestamp} (microseconds), else the envelope's time. */
    public static Instant time(Envelope envelope) {
        JsonNode ts = envelope.payload().get("_timestamp");
        if (ts != null && ts.isNumber()) {
            long micros = ts.asLong();
            return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
        }
        return envelope.timestamp();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        FollowerFetch.settings().forEach(props::putIfAbsent);
        return new KafkaConsumer<>(props);
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions yet");
        }
        List<TopicPartition> out = new ArrayList<>();
        infos.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
        return out;
    }

    private void seekBack(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Duration back = engine.longestWindow();
        if (back.compareTo(minimumReplay) < 0) {
            back = minimumReplay;
        }
        long since = clock.instant().minus(back).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, Duration.ofSeconds(10));
        List<TopicPartition> atEnd = new ArrayList<>();
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp o = offsets.get(p);
            if (o == null) {
                atEnd.add(p);
            } else {
                consumer.seek(p, o.offset());
            }
        }
        if (!atEnd.isEmpty()) {
            consumer.seekToEnd(atEnd);
        }
    }

    @Override
    public Health health() {
        if (thread == null || !engine.hasRealtimeRules()) {
            return Health.up().withDetail("reading", false).build();
        }
        Health.Builder b = lastError.isEmpty() ? Health.up() : Health.down().withDetail("error", lastError);
        return b.withDetail("reading", true)
                .withDetail("topic", topic)
                .withDetail("events", consumed)
                .withDetail("skipped", skipped)
                .build();
    }

    @Override
    public void close() {
        revoked();
    }
}
