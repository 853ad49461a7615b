package io.shopwatch.client.spring;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.client.micrometer.ShopWatchMeterRegistry;
import io.shopwatch.client.micrometer.ShopWatchRegistryConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Ships a Spring Boot service's Micrometer meters to ShopWatch: a {@link ShopWatchMeterRegistry} bean when
 * {@code shopwatch.metrics.export.url} is set (and {@code shopwatch.metrics.export.enabled} is not false), next to any
 * other registry (Boot's composite registry then feeds both). Ordered like Boot's own export auto-configurations:
 * after {@code MetricsAutoConfiguration}, before the composite registry's.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        beforeName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass({MeterRegistry.class, ShopWatchMeterRegistry.class})
@ConditionalOnProperty(prefix = "shopwatch.metrics.export", name = "url")
@ConditionalOnProperty(
        prefix = "shopwatch.metrics.export",
        name = "enabled",
        havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(ShopWatchMetricsExportProperties.class)
public class ShopWatchMetricsExportAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ShopWatchRegistryConfig shopWatchRegistryConfig(ShopWatchMetricsExportProperties properties) {
        return key -> switch (key) {
            case "shopwatch.url" -> properties.url();
            case "shopwatch.apiKey" -> properties.apiKey();
            case "shopwatch.org" -> properties.org();
            case "shopwatch.step" -> properties.step().toString();
            case "shopwatch.batchSize" -> String.valueOf(properties.batchSize());
            case "shopwatch.connectTimeout" -> properties.connectTimeout().toString();
            case "shopwatch.readTimeout" -> properties.readTimeout().toString();
            default -> null;
        };
    }

    /** Publishes every step from its start; closed (a last publish and flush) with the context. */
    @Bean
    @ConditionalOnMissingBean
    ShopWatchMeterRegistry shopWatchMeterRegistry(ShopWatchRegistryConfig config, ObjectProvider<Clock> clock) {
        return new ShopWatchMeterRegistry(config, clock.getIfAvailable(() -> Clock.SYSTEM));
    }
}
