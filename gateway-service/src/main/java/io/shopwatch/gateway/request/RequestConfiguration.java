package io.shopwatch.gateway.request;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request ids for every request the gateway receives, routed or not, and the access log's queue. The access log filter
 * is built where the problem+json answers are ({@code problem}), which it uses for requests that fail before a route
 * takes them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessLogProperties.class)
class RequestConfiguration {

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    /** The access log written by a Logback thread instead of the event loops ({@code access-log.async}). */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty("shopwatch.gateway.access-log.async")
    AsyncAccessLog asyncAccessLog(AccessLogProperties properties) {
        return AsyncAccessLog.attach(properties.queueSize());
    }
}
