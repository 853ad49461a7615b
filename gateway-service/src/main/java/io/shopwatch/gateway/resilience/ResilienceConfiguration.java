package io.shopwatch.gateway.resilience;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Circuit breakers with time limits on every route (Resilience4j, configured under {@code resilience4j.*}), 5xx answers
 * counted as failures; the fallback is {@link FallbackController}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FallbackProperties.class)
class ResilienceConfiguration {

    @Bean
    CountServerErrorsGatewayFilterFactory countServerErrorsGatewayFilterFactory() {
        return new CountServerErrorsGatewayFilterFactory();
    }
}
