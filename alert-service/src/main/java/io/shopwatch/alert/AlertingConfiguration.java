package io.shopwatch.alert;

import io.shopwatch.alert.notify.NotificationProperties;
import io.shopwatch.alert.org.HeaderOrgResolver;
import io.shopwatch.alert.org.OrgResolver;
import io.shopwatch.alert.settings.AlertingProperties;
import io.shopwatch.common.security.servlet.CurrentIdentity;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service-wide pieces of the wiring: the clock, the settings and how a request's organisation is found. Every
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

    /** The org of a request: the verified access token's. */
    @Bean
    @ConditionalOnProperty(prefix = "shopwatch.security", name = "enabled", havingValue = "true", matchIfMissing = true)
    OrgResolver identityOrgResolver() {
        return request -> CurrentIdentity.get().org();
    }

    /** Without security (a trusted single-tenant setup) the org comes from the X-ShopWatch-Org header. */
    @Bean
    @ConditionalOnProperty(prefix = "shopwatch.security", name = "enabled", havingValue = "false")
    OrgResolver headerOrgResolver() {
        return new HeaderOrgResolver();
    }
}
