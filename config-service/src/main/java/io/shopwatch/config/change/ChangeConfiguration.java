package io.shopwatch.config.change;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Change events and audit entries on Kafka ({@code shopwatch.config.push.enabled}), through the outbox: written with
 * the change, sent by the relay right after the commit and retried on its tick until the broker has them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("shopwatch.config.push.enabled")
public class ChangeConfiguration {

    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService outboxRelayThread() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "config-outbox");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    KafkaTemplate<String, byte[]> releaseNotifierTemplate(KafkaProperties kafka) {
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer));
    }

    @Bean
    Outbox outbox(JdbcTemplate jdbc, MeterRegistry meters) {
        Outbox outbox = new Outbox(jdbc);
        Gauge.builder("shopwatch.config.outbox.unsent", outbox, Outbox::unsent).register(meters);
        return outbox;
    }

    @Bean
    OutboxRelay outboxRelay(
            Outbox outbox,
            KafkaTemplate<String, byte[]> releaseNotifierTemplate,
            TransactionTemplate transactions,
            Clock clock,
            @Value("${shopwatch.config.outbox.send-timeout:10s}") Duration sendTimeout,
            @Value("${shopwatch.config.outbox.retry-after:1s}") Duration retryAfter,
            @Value("${shopwatch.config.outbox.max-retry-after:1m}") Duration maxRetryAfter,
            MeterRegistry meters) {
        OutboxSender kafka = (topic, key, value) ->
                releaseNotifierTemplate.send(topic, key, value).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return new OutboxRelay(outbox, kafka, transactions, clock, retryAfter, maxRetryAfter, meters);
    }

    @Bean
    OutboxPruner outboxPruner(
            Outbox outbox,
            Clock clock,
            @Value("${shopwatch.config.outbox.retention:7d}") Duration retention,
            @Value("${shopwatch.config.outbox.prune-interval:1h}") Duration interval,
            MeterRegistry meters) {
        return new OutboxPruner(outbox, clock, retention, interval, meters);
    }

    @Bean
    OutboxRecorder outboxRecorder(
            Outbox outbox,
            ObjectMapper json,
            @Value("${shopwatch.config.audit.stream:audit}") String auditStream,
            Clock clock,
            OutboxRelay relay,
            OutboxPruner pruner,
            ScheduledExecutorService outboxRelayThread,
            @Value("${shopwatch.config.outbox.poll-interval:1s}") Duration pollInterval) {
        long every = pollInterval.toMillis();
        outboxRelayThread.scheduleWithFixedDelay(
                () -> {
                    relay.relayDue();
                    pruner.pruneDue();
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        return new OutboxRecorder(
                outbox, new ChangeMessages(json, auditStream), clock, () -> outboxRelayThread.execute(relay::relayDue));
    }
}
