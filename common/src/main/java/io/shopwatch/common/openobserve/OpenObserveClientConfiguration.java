package io.shopwatch.common.openobserve;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Gives every ShopWatch service an {@link OpenObserveClient} built from {@code shopwatch.openobserve.*}, reporting to
 * the service's meter registry. Off with {@code shopwatch.openobserve.enabled=false}; a service that declares its own
 * client bean keeps it. Creating the client opens no connection.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnProperty(prefix = "shopwatch.openobserve", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(OpenObserveProperties.class)
public class OpenObserveClientConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OpenObserveClient openObserveClient(OpenObserveProperties properties, ObjectProvider<MeterRegistry> registry) {
        return new OpenObserveClient(properties.toSettings(), registry.getIfAvailable(() -> Metrics.globalRegistry));
    }
}
