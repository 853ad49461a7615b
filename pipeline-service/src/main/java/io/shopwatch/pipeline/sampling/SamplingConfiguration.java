package io.shopwatch.pipeline.sampling;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.sampling.PublishedRates;
import io.shopwatch.common.sampling.RateFreshness;
import io.shopwatch.common.sampling.SamplingRateFeed;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Sampling by ingest budget: the published rates, the feed that reads them, the sampler that applies them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SamplingProperties.class)
@ConditionalOnProperty(prefix = "shopwatch.pipeline.sampling", name = "enabled", matchIfMissing = true)
public class SamplingConfiguration {

    @Bean
    PublishedRates publishedRates() {
        return new PublishedRates();
    }

    @Bean
    RateFreshness rateFreshness(SamplingProperties properties, Clock clock) {
        return new RateFreshness(clock, properties.rateMaxAge());
    }

    @Bean
    SamplingRateFeed samplingRateFeed(
            PublishedRates rates, RateFreshness freshness, SamplingProperties properties, Environment environment) {
        return new SamplingRateFeed(
                rates,
                freshness,
                environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092"),
                properties.topic(),
                "pipeline-sampling");
    }

    @Bean
    BudgetSampler budgetSampler(PublishedRates rates, RateFreshness freshness, MeterRegistry registry) {
        return new BudgetSampler(rates, freshness, registry);
    }
}
