package io.shopwatch.config.bus;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.bus.ServiceMatcher;
import org.springframework.cloud.bus.event.Destination;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring Cloud Bus refreshes after every change, when the bus is on ({@code spring.cloud.bus.enabled}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "spring.cloud.bus.enabled", matchIfMissing = true)
public class BusConfiguration {

    /** The bus's own beans come from its auto-configuration, after this class: looked up when first needed. */
    @Bean
    BusRefresher busRefresher(
            ApplicationEventPublisher publisher,
            ObjectProvider<ServiceMatcher> matcher,
            ObjectProvider<Destination.Factory> destinations) {
        return new BusRefresher(publisher, matcher, destinations);
    }
}
