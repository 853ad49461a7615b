package io.shopwatch.gateway.request;

import io.shopwatch.gateway.problem.ProblemExceptionHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Request ids and the access log, for every request the gateway receives, routed or not. */
@Configuration(proxyBeanMethods = false)
class RequestConfiguration {

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    AccessLogFilter accessLogFilter(ProblemExceptionHandler errors) {
        return new AccessLogFilter(errors);
    }
}
