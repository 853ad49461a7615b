package io.shopwatch.gateway.body;

import io.shopwatch.gateway.problem.ProblemResponses;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The request body limit on every route. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BodyLimitProperties.class)
class BodyLimitConfiguration {

    @Bean
    BodySizeLimitFilter bodySizeLimitFilter(BodyLimitProperties properties, ProblemResponses problems) {
        return new BodySizeLimitFilter(properties, problems);
    }
}
