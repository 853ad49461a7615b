package io.shopwatch.tracing.config;

import io.shopwatch.tracing.ingest.SpanIntake;
import io.shopwatch.tracing.ingest.SpanPublisher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** Span ingestion: the Kafka publisher and the intake every receiver hands its spans to. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TracingProperties.class)
public class TracingConfiguration {

    @Bean
    SpanPublisher spanPublisher(KafkaTemplate<String, byte[]> template, TracingProperties properties) {
        return new SpanPublisher(template, properties.stream(), properties.sendTimeout(), properties.retryAfter());
    }

    @Bean
    SpanIntake spanIntake(SpanPublisher publisher) {
        return new SpanIntake(publisher);
    }
}
