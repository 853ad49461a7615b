package io.shopwatch.auth.audit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.ProducerListener;

/** Kafka settings of the audit shipper. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    /**
     * Replaces Spring Kafka's default listener, which logs every failed record with its content at ERROR. The shipper
     * reports a failure itself, once per streak of failures and without the events (they stay in PostgreSQL).
     */
    @Bean
    ProducerListener<Object, Object> quietProducerListener() {
        return new ProducerListener<>() {};
    }
}
