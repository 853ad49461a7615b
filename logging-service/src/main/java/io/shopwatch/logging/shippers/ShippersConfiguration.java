package io.shopwatch.logging.shippers;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.logging.ingest.BatchIngestor;
import io.shopwatch.logging.ingest.BatchParser;
import io.shopwatch.logging.ingest.InFlightBudget;
import io.shopwatch.logging.ingest.IngestMetrics;
import io.shopwatch.logging.ingest.IngestProperties;
import io.shopwatch.logging.ingest.KafkaPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The log shippers' protocols: {@link ShipperLogMapper} behind the shared {@link BatchIngestor}. */
@Configuration(proxyBeanMethods = false)
public class ShippersConfiguration {

    /** Stream of records whose protocol names none (OTLP without a {@code stream-name} header, Loki). */
    static final String DEFAULT_STREAM = "default";

    @Bean
    BatchIngestor shipperIngestor(
            BatchParser parser,
            KafkaPublisher publisher,
            InFlightBudget budget,
            IngestProperties properties,
            MeterRegistry registry) {
        ShipperLogMapper mapper = new ShipperLogMapper(DEFAULT_STREAM);
        return new BatchIngestor(
                mapper, parser, publisher, budget, properties, new IngestMetrics(registry, mapper.kind()));
    }
}
