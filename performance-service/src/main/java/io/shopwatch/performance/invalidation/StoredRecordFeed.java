package io.shopwatch.performance.invalidation;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.FollowerFetch;
import io.shopwatch.common.kafka.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads {@code shopwatch.stored} (every record the pipeline stored, after the store acknowledged it) and tells its
 * {@link StoredRecordListener}s: the caches drop the answers each record's stream and time fall into, the ingest meter
 * counts it. Every frontend instance reads every record (a consumer group
 * of its own, from the newest offset: an instance that starts has an empty cache).
 *
 * <p>{@link #live()} is true only while the consumer has its partitions and polls without error; the frontend caches
 * nothing while it is false, and the cache is cleared when the feed is lost, because records stored meanwhile could
 * not drop what they made stale.
 */
public final class StoredRecordFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StoredRecordFeed.class);

    /**
     * Records one poll hands over. The records of a poll live until the last of them is applied; at 5,000 (~3.5 MB of
     * values and their envelopes) they outlived the young collections of a small heap and were promoted, and the old
     * generation filled up with them: at 20,000 records/s a full collection every ~2 s.
     */
    static final int MAX_POLL_RECORDS = 500;

    private final List<StoredRecordListener> listeners;
    private final Map<String, Object> consumerConfig;
    private Set<String> payloadFields = Set.of();
    private Deserializer<Envelope> deserializer = EnvelopeSerde.partialDeserializer(payloadFields);
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running;
    private volatile boolean live;

    public StoredRecordFeed(List<StoredRecordListener> listeners, String bootstrapServers) {
        this.listeners = List.copyOf(listeners);
        Map<String, Object> config = new HashMap<>(FollowerFetch.settings());
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "performance-invalidation-" + UUID.randomUUID(),
                ConsumerConfig.CLIENT_ID_CONFIG,
                "performance-invalidation",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                MAX_POLL_RECORDS));
        this.consumerConfig = Map.copyOf(config);
    }

    public boolean live() {
        return live;
    }

    public long recordsSeen() {
        return records.get();
    }

    public long unreadableRecords() {
        return unreadable.get();
    }

    private void read() {
        try {
            consumer.subscribe(List.of(Topics.STORED), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // seek to the end, so that the feed is caught up the moment it says it is live
                    consumer.seekToEnd(partitions);
                    partitions.forEach(consumer::position);
                    listeners.forEach(StoredRecordListener::watching);
                    live = true;
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    lost("partitions lost");
                }
            });
            while (running) {
                try {
                    ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(500));
                    if (!polled.isEmpty()) {
                        readFieldsOfListeners();
                    }
                    for (ConsumerRecord<byte[], byte[]> record : polled) {
                        apply(record);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    lost(e.toString());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            live = false;
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The payload fields the listeners read now; a new reader only when they changed. */
    private void readFieldsOfListeners() {
        Set<String> wanted = listeners.stream()
                .flatMap(listener -> listener.payloadFields().stream())
                .collect(Collectors.toUnmodifiableSet());
        if (!wanted.equals(payloadFields)) {
            payloadFields = wanted;
            deserializer = EnvelopeSerde.partialDeserializer(wanted);
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        records.incrementAndGet();
        Envelope envelope;
        try {
            envelope = deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            envelope = null;
        }
        if (envelope == null) {
            // a record we cannot place could fall into any answer: better to drop them all
            unreadable.incrementAndGet();
            log.debug("unreadable record at {}-{}@{}", record.topic(), record.partition(), record.offset());
            listeners.forEach(StoredRecordListener::missed);
            return;
        }
        for (StoredRecordListener listener : listeners) {
            listener.stored(envelope, record.serializedValueSize());
        }
    }

    private void lost(String reason) {
        if (live) {
            log.warn("invalidation feed lost ({}): clearing the results cache", reason);
        }
        live = false;
        listeners.forEach(StoredRecordListener::missed);
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        running = true;
        Thread reader = new Thread(this::read, "stored-invalidation");
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
