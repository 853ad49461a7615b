package io.shopwatch.performance.budget;

import io.shopwatch.performance.invalidation.InvalidationProperties;
import java.time.Clock;
import java.util.HashSet;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires ingest budgets: the meter (fed by {@code shopwatch.stored}, like the cache invalidation), the regulator, its
 * schedule and the Kafka publisher of the rates.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BudgetProperties.class)
@ConditionalOnProperty(prefix = "shopwatch.performance.budgets", name = "enabled", matchIfMissing = true)
public class BudgetConfiguration {

    @Bean
    IngestMeter ingestMeter(BudgetProperties properties) {
        return new IngestMeter(new HashSet<>(properties.neverSampled()));
    }

    @Bean
    BudgetRegulator budgetRegulator(IngestMeter meter, BudgetProperties properties, Clock clock) {
        return new BudgetRegulator(
                meter,
                properties::org,
                properties::stream,
                new SamplingController(properties.maxIncrease(), properties.tolerance(), properties.minRate()),
                clock);
    }

    @Bean(destroyMethod = "close")
    KafkaSamplingRatePublisher samplingRatePublisher(BudgetProperties properties, InvalidationProperties kafka) {
        return new KafkaSamplingRatePublisher(kafka.bootstrapServers(), properties.topic());
    }

    @Bean
    BudgetSchedule budgetSchedule(BudgetRegulator regulator, KafkaSamplingRatePublisher publisher, BudgetProperties p) {
        return new BudgetSchedule(regulator, publisher, p.interval().toMillis());
    }
}
