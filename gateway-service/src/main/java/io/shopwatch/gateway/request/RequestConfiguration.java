package io.shopwatch.gateway.request;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request ids for every request the gateway receives, routed or not. The access log filter is built where the
 * problem+json answers are ({@code problem}), which it uses for requests that fail before a route takes them.
 */
@Configuration(proxyBeanMethods = false)
class RequestConfiguration {

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }
}
