package io.shopwatch.logging.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.logging.ingest.BatchIngestor;
import io.shopwatch.logging.ingest.BatchParser;
import io.shopwatch.logging.ingest.InFlightBudget;
import io.shopwatch.logging.ingest.IngestMetrics;
import io.shopwatch.logging.ingest.IngestProperties;
import io.shopwatch.logging.ingest.KafkaPublisher;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/** Behaviour-event ingestion: the schema catalog and {@link BehaviourEventMapper} behind the shared ingestor. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventProperties.class)
public class EventConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EventConfiguration.class);

    @Bean
    EventSchemaCatalog eventSchemaCatalog(EventProperties properties) {
        ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        Map<String, String> files = new LinkedHashMap<>();
        for (String location : properties.schemaLocations()) {
            try {
                for (Resource resource : resolver.getResources(location)) {
                    if (resource.isReadable() && resource.getFilename() != null) {
                        files.put(resource.getFilename(), resource.getContentAsString(StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read event schemas from " + location, e);
            }
        }
        EventSchemaCatalog catalog = EventSchemaCatalog.of(files, properties.unknownTypes());
        log.info(
                "{} event types with a schema; events of other types are {}",
                catalog.types().size(),
                properties.unknownTypes() == UnknownEventTypes.ACCEPT ? "accepted" : "rejected");
        return catalog;
    }

    @Bean
    BatchIngestor eventIngestor(
            Validator validator,
            EventSchemaCatalog catalog,
            BatchParser parser,
            KafkaPublisher publisher,
            InFlightBudget budget,
            IngestProperties properties,
            MeterRegistry registry) {
        BehaviourEventMapper mapper = new BehaviourEventMapper(validator, catalog);
        return new BatchIngestor(
                mapper, parser, publisher, budget, properties, new IngestMetrics(registry, mapper.kind()));
    }
}
