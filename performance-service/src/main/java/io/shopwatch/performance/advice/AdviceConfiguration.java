package io.shopwatch.performance.advice;

import io.shopwatch.performance.budget.IngestMeter;
import io.shopwatch.performance.stats.QueryStats;
import java.time.Clock;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the advisor over the query log and the ingest meter (an empty one when budgets are off). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdviceProperties.class)
public class AdviceConfiguration {

    /** Registered as a listener of the stored-record feed. */
    @Bean
    FieldCardinality fieldCardinality(QueryStats stats) {
        return new FieldCardinality(stats.log());
    }

    @Bean
    Advisor advisor(
            QueryStats stats,
            ObjectProvider<IngestMeter> meter,
            Clock clock,
            AdviceProperties properties,
            FieldCardinality cardinality) {
        return new Advisor(
                stats.log(),
                meter.getIfAvailable(() -> new IngestMeter(Set.of())),
                clock,
                properties.minObservation(),
                properties.topQueries(),
                properties.minSearches(),
                properties.minReads(),
                cardinality,
                properties.partitionMaxValues());
    }
}
