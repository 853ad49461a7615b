package io.shopwatch.performance.budget;

import io.shopwatch.common.config.ConfigClientConfiguration;
import io.shopwatch.common.config.ConfigRefreshedEvent;
import io.shopwatch.performance.invalidation.InvalidationProperties;
import java.time.Clock;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Wires ingest budgets: the meter (fed by {@code shopwatch.stored}, like the cache invalidation), the regulator, its
 * schedule and the Kafka publisher of the rates. The budgets are dynamic: common's config client (opt-in,
 * {@code shopwatch.config.client.enabled}) puts a published change into the environment, the settings are bound again
 * and {@link DynamicBudgets} puts them in force for the regulator's next round; values that do not bind (out of range,
 * not names) are refused and the budgets in force stay. {@code enabled} and {@code topic} keep their start-up values.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BudgetProperties.class)
@ConditionalOnProperty(prefix = "shopwatch.performance.budgets", name = "enabled", matchIfMissing = true)
@Import(ConfigClientConfiguration.class)
public class BudgetConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BudgetConfiguration.class);

    @Bean
    DynamicBudgets dynamicBudgets(BudgetProperties properties) {
        return new DynamicBudgets(properties);
    }

    @Bean
    IngestMeter ingestMeter(DynamicBudgets budgets) {
        IngestMeter meter = new IngestMeter(new HashSet<>(budgets.current().neverSampled()));
        budgets.subscribe(b -> meter.neverSampled(b.neverSampled()));
        return meter;
    }

    @Bean
    BudgetRegulator budgetRegulator(IngestMeter meter, DynamicBudgets budgets, Clock clock) {
        return new BudgetRegulator(meter, budgets::org, budgets::stream, budgets::controller, clock);
    }

    @Bean(destroyMethod = "close")
    KafkaSamplingRatePublisher samplingRatePublisher(BudgetProperties properties, InvalidationProperties kafka) {
        return new KafkaSamplingRatePublisher(kafka.bootstrapServers(), properties.topic());
    }

    @Bean
    BudgetSchedule budgetSchedule(
            BudgetRegulator regulator, KafkaSamplingRatePublisher publisher, DynamicBudgets budgets) {
        BudgetSchedule schedule = new BudgetSchedule(
                regulator, publisher, () -> budgets.current().interval().toMillis());
        budgets.subscribe(b -> schedule.intervalChanged());
        return schedule;
    }

    @Bean
    ApplicationListener<ConfigRefreshedEvent> budgetsReloader(DynamicBudgets budgets, Environment environment) {
        return event -> {
            try {
                BudgetProperties bound =
                        Binder.get(environment).bindOrCreate("shopwatch.performance.budgets", BudgetProperties.class);
                if (budgets.replace(bound)) {
                    log.info("ingest budgets of release {} in force", event.version());
                }
            } catch (RuntimeException e) {
                log.warn("ingest budgets of release {} refused, current ones kept: {}", event.version(), e.toString());
            }
        };
    }
}
