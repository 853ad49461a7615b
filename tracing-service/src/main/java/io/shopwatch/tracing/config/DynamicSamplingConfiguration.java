package io.shopwatch.tracing.config;

import io.shopwatch.common.config.ConfigClientConfiguration;
import io.shopwatch.common.config.ConfigRefreshedEvent;
import io.shopwatch.tracing.sampling.SamplingPolicies;
import io.shopwatch.tracing.sampling.SamplingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Tail-sampling policies ({@code shopwatch.tracing.sampling.defaults.*}, {@code .orgs.<org>.*}) from config-service:
 * common's config client (opt-in, {@code shopwatch.config.client.enabled}) puts a published change into the
 * environment, and the policies are bound again and swapped at once. {@code enabled}, {@code decision-wait},
 * {@code max-open-traces} and {@code tick-interval} keep their start-up values.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SamplingProperties.class)
@Import(ConfigClientConfiguration.class)
public class DynamicSamplingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DynamicSamplingConfiguration.class);

    @Bean
    SamplingPolicies samplingPolicies(SamplingProperties properties) {
        return new SamplingPolicies(properties);
    }

    @Bean
    ApplicationListener<ConfigRefreshedEvent> samplingPoliciesReloader(
            SamplingPolicies policies, Environment environment) {
        return event -> {
            try {
                policies.replace(
                        Binder.get(environment).bindOrCreate("shopwatch.tracing.sampling", SamplingProperties.class));
                log.info("sampling policies of release {} in force", event.version());
            } catch (RuntimeException e) {
                log.warn(
                        "sampling policies of release {} refused, current ones kept: {}",
                        event.version(),
                        e.toString());
            }
        };
    }
}
