package io.shopwatch.common.config;

import io.shopwatch.common.kafka.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows {@code shopwatch.config.changes} from its end, without a consumer group (every instance sees every change),
 * and hands each change of this application and one of its profiles to {@code onChange}. An instance that was down
 * misses changes, which is harmless: it fetches its configuration when it starts.
 */
public final class ConfigChangeWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfigChangeWatcher.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How often a service that started without config-service asks it again. */
    static final Duration CATCH_UP_INTERVAL = Duration.ofSeconds(5);

    private final ConfigClientSettings settings;
    private final Set<String> profiles;
    private final Consumer<ConfigChange> onChange;
    private final BooleanSupplier catchUp;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean assigned;

    /**
     * @param catchUp asked every {@link #CATCH_UP_INTERVAL} while it answers false: a service that started without
     *     config-service fetches until it gets an answer (see {@code ConfigClientConfiguration.catchUp})
     */
    public ConfigChangeWatcher(
            ConfigClientSettings settings, Consumer<ConfigChange> onChange, BooleanSupplier catchUp) {
        this.settings = settings;
        this.profiles =
                Arrays.stream(settings.profile().split(",")).map(String::strip).collect(Collectors.toSet());
        this.onChange = onChange;
        this.catchUp = catchUp;
    }

    /** Whether a change concerns this service. */
    boolean concerns(ConfigChange change) {
        return settings.application().equals(change.application()) && profiles.contains(change.profile());
    }

    /** Follows the topic when the client is enabled and brokers are configured; otherwise does nothing. */
    @Override
    public void start() {
        if (!settings.enabled() || settings.kafkaBootstrapServers().isBlank()) {
            return;
        }
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        settings.kafkaBootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "config-watch-" + settings.application()),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "config-change-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = List.of();
            while (running && partitions.isEmpty()) {
                partitions = consumer.partitionsFor(Topics.CONFIG_CHANGES, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the start before any change can be missed
            assigned = true;
            log.info("following {} for {}/{}", Topics.CONFIG_CHANGES, settings.application(), settings.profile());
            boolean caughtUp = false;
            long nextCatchUp = System.nanoTime();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                }
                if (!caughtUp && System.nanoTime() - nextCatchUp >= 0) {
                    caughtUp = catchUpQuietly();
                    nextCatchUp = System.nanoTime() + CATCH_UP_INTERVAL.toNanos();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.warn("stopped following {}: {}", Topics.CONFIG_CHANGES, e.toString());
        } finally {
            consumer.close();
        }
    }

    private boolean catchUpQuietly() {
        try {
            return catchUp.getAsBoolean();
        } catch (RuntimeException e) {
            log.warn("configuration not caught up with config-service: {}", e.toString());
            return false;
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        if (!settings.application().equals(record.key())) {
            return;
        }
        try {
            ConfigChange change = JSON.readValue(record.value(), ConfigChange.class);
            if (concerns(change)) {
                onChange.accept(change);
            }
        } catch (RuntimeException e) {
            log.warn("change event at offset {} not applied: {}", record.offset(), e.toString());
        }
    }

    /** Whether the watcher is assigned and following (for tests and health). */
    public boolean following() {
        return running && assigned && thread != null && thread.isAlive();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
