package io.shopwatch.alert;

import io.shopwatch.alert.notify.NotificationProperties;
import io.shopwatch.alert.settings.AlertingProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service-wide pieces of the wiring: the clock and the settings (a request's organisation comes from common's {@code OrgResolver}). Every
 * package wires itself in its own {@code *Configuration} (README, "Layers").
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AlertingProperties.class, NotificationProperties.class})
public class AlertingConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
