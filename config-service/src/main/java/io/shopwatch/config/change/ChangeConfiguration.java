package io.shopwatch.config.change;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.ObjectMapper;

/** Change events and audit entries on Kafka ({@code shopwatch.config.push.enabled}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("shopwatch.config.push.enabled")
public class ChangeConfiguration {

    @Bean(destroyMethod = "shutdown")
    ExecutorService releaseNotifierSender() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "config-notify");
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
    KafkaReleaseNotifier kafkaReleaseNotifier(
            KafkaTemplate<String, byte[]> releaseNotifierTemplate,
            ExecutorService releaseNotifierSender,
            ObjectMapper json,
            @Value("${shopwatch.config.audit.stream:audit}") String auditStream,
            Clock clock,
            MeterRegistry meters) {
        return new KafkaReleaseNotifier(
                releaseNotifierTemplate, releaseNotifierSender, json, auditStream, clock, meters);
    }
}
