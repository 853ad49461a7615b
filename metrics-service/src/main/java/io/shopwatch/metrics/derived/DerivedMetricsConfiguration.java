package io.shopwatch.metrics.derived;

import io.shopwatch.common.kafka.FollowerFetch;
import io.shopwatch.metrics.ingest.SamplePublisher;
import io.shopwatch.metrics.limits.DiscardedSamples;
import io.shopwatch.metrics.limits.LimitsProvider;
import io.shopwatch.metrics.limits.SampleChecks;
import io.shopwatch.metrics.limits.SeriesTracker;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The counters derived from stored behaviour events; off with {@code METRICS_DERIVED_ENABLED=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DerivedMetricsProperties.class)
@ConditionalOnProperty(name = "shopwatch.metrics.derived.enabled", havingValue = "true", matchIfMissing = true)
public class DerivedMetricsConfiguration {

    @Bean
    DerivedState derivedState(JdbcClient jdbc, PlatformTransactionManager transactions) {
        return new JdbcDerivedState(jdbc, new TransactionTemplate(transactions));
    }

    @Bean
    DerivedMetricsStatus derivedMetricsStatus() {
        return new DerivedMetricsStatus();
    }

    /** {@code derivedMetrics} in {@code /actuator/health}. */
    @Bean
    DerivedMetricsHealth derivedMetricsHealthIndicator(DerivedMetricsStatus status) {
        return new DerivedMetricsHealth(status);
    }

    @Bean
    DerivedMetricsRunner derivedMetricsRunner(
            DerivedMetricsStatus status,
            DerivedState state,
            DerivedMetricsProperties properties,
            SamplePublisher publisher,
            SampleChecks checks,
            SeriesTracker tracker,
            LimitsProvider limits,
            DiscardedSamples discarded,
            Clock clock,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(FollowerFetch.settings());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "metrics-derived");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        return new DerivedMetricsRunner(
                () -> new DerivedMetricsConsumer(
                        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                        properties.topic(),
                        state,
                        publisher,
                        checks,
                        tracker,
                        limits,
                        discarded,
                        clock),
                state,
                properties,
                clock,
                status);
    }
}
