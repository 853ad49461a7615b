package io.shopwatch.logging.ingest;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import tools.jackson.databind.ObjectMapper;

/**
 * The machinery shared by log and event ingestion: body parsing, memory budget, Kafka publishing. (The org of a request
 * comes from common's {@code OrgResolver}.)
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
public class IngestConfiguration {

    /**
     * Replaces Spring's default listener, which logs every failed record with its payload: {@link KafkaPublisher}
     * reports a failed batch once, with the count and the cause, never the data.
     */
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        return new ProducerListener<>() {};
    }

    @Bean
    BatchParser batchParser(ObjectMapper mapper) {
        return new BatchParser(mapper);
    }

    @Bean
    InFlightBudget inFlightBudget(IngestProperties properties) {
        return new InFlightBudget(properties.maxInFlightBytes().toBytes());
    }

    /**
     * With {@code spring.kafka.template.observation-enabled} the template observes every send (a span per record,
     * which adds the trace headers); without it the publisher copies the request's trace headers onto each record.
     */
    @Bean
    KafkaPublisher kafkaPublisher(
            KafkaTemplate<String, byte[]> template,
            IngestProperties properties,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator,
            @Value("${spring.kafka.template.observation-enabled:false}") boolean observedPerRecord) {
        BatchTraceContext batchTrace = null;
        if (!observedPerRecord && tracer.getIfAvailable() != null && propagator.getIfAvailable() != null) {
            batchTrace = new BatchTraceContext(tracer.getObject(), propagator.getObject());
        }
        return new KafkaPublisher(template, batchTrace, properties.sendTimeout(), properties.retryAfterSeconds());
    }
}
