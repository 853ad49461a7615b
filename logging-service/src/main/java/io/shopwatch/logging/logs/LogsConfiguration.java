package io.shopwatch.logging.logs;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.logging.ingest.BatchIngestor;
import io.shopwatch.logging.ingest.BatchParser;
import io.shopwatch.logging.ingest.InFlightBudget;
import io.shopwatch.logging.ingest.IngestMetrics;
import io.shopwatch.logging.ingest.IngestProperties;
import io.shopwatch.logging.ingest.KafkaPublisher;
import jakarta.validation.Validator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Log ingestion: {@link LogRecordMapper} behind the shared {@link BatchIngestor}. */
@Configuration(proxyBeanMethods = false)
public class LogsConfiguration {

    @Bean
    BatchIngestor logIngestor(
            Validator validator,
            BatchParser parser,
            KafkaPublisher publisher,
            InFlightBudget budget,
            IngestProperties properties,
            MeterRegistry registry) {
        LogRecordMapper mapper = new LogRecordMapper(validator);
        return new BatchIngestor(
                mapper, parser, publisher, budget, properties, new IngestMetrics(registry, mapper.kind()));
    }
}
