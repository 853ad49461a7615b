package io.shopwatch.logging.analytics;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.openobserve.OpenObserveClient;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;

/** Wires the analytics (reads through the OpenObserve client, one per org) and the live tail. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnalyticsProperties.class)
public class AnalyticsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LogAnalytics logAnalytics(OpenObserveClient client, AnalyticsProperties properties) {
        return new LogAnalytics(client::forOrg, properties);
    }

    @Bean
    LiveTail liveTail(ConsumerFactory<?, ?> consumerFactory, AnalyticsProperties properties, MeterRegistry registry) {
        return new LiveTail(consumerFactory, properties, registry);
    }
}
