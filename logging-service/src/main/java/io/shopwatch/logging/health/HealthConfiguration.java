package io.shopwatch.logging.health;

import io.shopwatch.logging.ingest.IngestProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Health of what the service depends on: the Kafka cluster. */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, IngestProperties properties) {
        return new KafkaHealthIndicator(kafkaAdmin.getConfigurationProperties(), properties.healthTimeout());
    }
}
