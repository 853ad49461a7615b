package io.shopwatch.logging.analytics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.FollowerFetch;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * The live tail: records the pipeline has stored, read from {@link Topics#STORED} as they arrive, pushed to every
 * open Server-Sent-Events connection whose filter they match. Each connection has a bounded queue; one that cannot
 * keep up is closed and counted, never allowed to slow the others.
 */
public final class LiveTail implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveTail.class);

    /** What a connection wants to see; null fields match anything. */
    public record Filter(String org, String stream, String level, String service, String text) {
        boolean matches(Envelope envelope) {
            if (!org.equals(envelope.org()) || (stream != null && !stream.equals(envelope.stream()))) {
                return false;
            }
            JsonNode doc = envelope.payload();
            if (level != null && !level.equalsIgnoreCase(doc.path("level").asString(""))) {
                return false;
            }
            if (service != null && !service.equals(doc.path("service").asString(""))) {
                return false;
            }
            return text == null
                    || doc.path("message")
                            .asString("")
                            .toLowerCase(Locale.ROOT)
                            .contains(text.toLowerCase(Locale.ROOT));
        }
    }

    private final class Subscriber {
        final Filter filter;
        final SseEmitter emitter;
        final BlockingQueue<Envelope> queue;
        final Thread sender;
        /** When the watcher connected: it sees what was stored from then on. */
        final long since = System.currentTimeMillis();

        volatile boolean open = true;

        Subscriber(Filter filter, SseEmitter emitter) {
            this.filter = filter;
            this.emitter = emitter;
            this.queue = new ArrayBlockingQueue<>(properties.tailQueue());
            this.sender = new Thread(this::send, "live-tail-sender");
            this.sender.setDaemon(true);
        }

        void offer(Envelope envelope) {
            if (open && !queue.offer(envelope)) {
                dropped.increment();
                close(new IOException("the connection does not keep up with the tail"));
            }
        }

        private void send() {
            try {
                while (open) {
                    Envelope next = queue.poll(15, TimeUnit.SECONDS);
                    if (next == null) {
                        emitter.send(SseEmitter.event().comment("keep-alive"));
                        continue;
                    }
                    emitter.send(SseEmitter.event()
                            .name("log")
                            .id(next.id())
                            .data(next.payload().toString(), MediaType.APPLICATION_JSON));
                }
            } catch (IOException | IllegalStateException e) {
                close(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close(null);
            }
        }

        void close(Throwable reason) {
            if (open) {
                open = false;
                subscribers.remove(this);
                if (reason == null) {
                    emitter.complete();
                } else {
                    emitter.completeWithError(reason);
                }
            }
        }
    }

    private final ConsumerFactory<?, ?> consumerFactory;
    private final AnalyticsProperties properties;
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final Counter dropped;
    private final Deserializer<Envelope> deserializer = new EnvelopeSerde().deserializer();
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile Thread reader;
    private volatile boolean running;

    public LiveTail(ConsumerFactory<?, ?> consumerFactory, AnalyticsProperties properties, MeterRegistry registry) {
        this.consumerFactory = consumerFactory;
        this.properties = properties;
        this.dropped = Counter.builder("shopwatch.logging.tail.dropped_connections")
                .description("live-tail connections closed because they did not keep up")
                .register(registry);
        registry.gaugeCollectionSize("shopwatch.logging.tail.connections", List.of(), subscribers);
    }

    /** Opens a connection that receives matching records until the client goes away or the timeout passes. */
    public SseEmitter subscribe(Filter filter) {
        if (!running) {
            throw new ShopWatchException(ProblemType.UNAVAILABLE, "the live tail is not running");
        }
        if (subscribers.size() >= properties.tailMaxSubscribers()) {
            throw new ShopWatchException(ProblemType.RATE_LIMITED, "too many live-tail connections; try again later");
        }
        SseEmitter emitter = new SseEmitter(properties.tailTimeout().toMillis());
        Subscriber subscriber = new Subscriber(filter, emitter);
        emitter.onCompletion(() -> subscriber.close(null));
        emitter.onTimeout(() -> subscriber.close(null));
        emitter.onError(e -> subscriber.close(null));
        subscribers.add(subscriber);
        subscriber.sender.start();
        return emitter;
    }

    private void read() {
        try {
            consumer.subscribe(List.of(Topics.STORED));
            boolean paused = false;
            while (running) {
                // nobody watching: the partitions are paused, so the topic is not fetched at all (the consumer keeps
                // its group membership); the first watcher starts from the newest records, as a tail does
                Set<TopicPartition> assigned = consumer.assignment();
                if (subscribers.isEmpty()) {
                    consumer.pause(assigned);
                    paused = true;
                } else if (paused) {
                    resumeFrom(
                            assigned,
                            subscribers.stream()
                                    .mapToLong(subscriber -> subscriber.since)
                                    .min()
                                    .orElse(System.currentTimeMillis()));
                    paused = false;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(paused ? 200 : 500))) {
                    if (subscribers.isEmpty()) {
                        continue;
                    }
                    Envelope envelope;
                    try {
                        envelope = deserializer.deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        continue;
                    }
                    for (Subscriber subscriber : subscribers) {
                        if (subscriber.filter.matches(envelope)) {
                            subscriber.offer(envelope);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.warn("live tail stopped reading {}: {}", Topics.STORED, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Reads on from the first record each partition stored at or after {@code since} (epoch millis), or its end. */
    private void resumeFrom(Set<TopicPartition> partitions, long since) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, Duration.ofSeconds(5));
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp at = offsets.get(partition);
            if (at != null) {
                consumer.seek(partition, at.offset());
            } else {
                consumer.seekToEnd(List.of(partition));
            }
        }
        consumer.resume(partitions);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void start() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.putAll(FollowerFetch.settings());
        consumer = (Consumer<byte[], byte[]>)
                consumerFactory.createConsumer("logging-tail-" + UUID.randomUUID(), "logging-tail", null, overrides);
        running = true;
        reader = new Thread(this::read, "live-tail-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void stop() {
        running = false;
        subscribers.forEach(s -> s.close(null));
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    /** Off with {@code shopwatch.analytics.tail-enabled=false}: then nothing reads the stored topic. */
    @Override
    public boolean isAutoStartup() {
        return properties.tailEnabled();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public int connections() {
        return subscribers.size();
    }
}
