package io.shopwatch.tracing.config;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.tracing.ingest.SpanIntake;
import io.shopwatch.tracing.ingest.SpanPublisher;
import io.shopwatch.tracing.query.TraceReader;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** Span ingestion (the Kafka publisher and the intake every receiver hands its spans to) and trace reading. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TracingProperties.class)
public class TracingConfiguration {

    @Bean
    SpanPublisher spanPublisher(KafkaTemplate<String, byte[]> template, TracingProperties properties) {
        return new SpanPublisher(template, properties.stream(), properties.sendTimeout(), properties.retryAfter());
    }

    @Bean
    TraceReader traceReader(OpenObserveClient client, TracingProperties properties) {
        return new TraceReader(client::forOrg, properties.stream());
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SpanIntake spanIntake(SpanPublisher publisher) {
        return new SpanIntake(publisher);
    }
}
