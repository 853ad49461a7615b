package io.shopwatch.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.shopwatch.gateway.problem.ProblemResponses;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Circuit breakers with time limits on every route (Resilience4j, configured under {@code resilience4j.*}), 5xx answers
 * counted as failures; a failed call is answered by {@link ServiceFallback}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FallbackProperties.class)
class ResilienceConfiguration {

    @Bean
    ServiceFallback serviceFallback(
            ProblemResponses problems, CircuitBreakerRegistry breakers, FallbackProperties properties) {
        return new ServiceFallback(problems, breakers, properties);
    }

    @Bean
    StreamingCircuitBreakerGatewayFilterFactory streamingCircuitBreakerGatewayFilterFactory(
            ReactiveCircuitBreakerFactory<?, ?> breakers, ServiceFallback fallback) {
        return new StreamingCircuitBreakerGatewayFilterFactory(breakers, fallback);
    }

    @Bean
    CountServerErrorsGatewayFilterFactory countServerErrorsGatewayFilterFactory() {
        return new CountServerErrorsGatewayFilterFactory();
    }
}
