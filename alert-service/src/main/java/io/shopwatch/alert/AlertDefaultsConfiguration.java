package io.shopwatch.alert;

import io.shopwatch.alert.settings.AlertDefaultsProperties;
import io.shopwatch.alert.settings.DynamicAlertDefaults;
import io.shopwatch.common.config.ConfigClientConfiguration;
import io.shopwatch.common.config.ConfigRefreshedEvent;
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
 * The alert defaults ({@code shopwatch.alert.defaults.*}) from config-service: common's config client (opt-in,
 * {@code shopwatch.config.client.enabled}) puts a published change into the environment, the record is bound again,
 * and {@link DynamicAlertDefaults} tells the Alertmanagers, which parse every organisation's configuration again with
 * them. Values that do not bind (a duration that does not parse, one not positive) are refused and the defaults in
 * force stay.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertDefaultsProperties.class)
@Import(ConfigClientConfiguration.class)
public class AlertDefaultsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AlertDefaultsConfiguration.class);

    @Bean
    DynamicAlertDefaults dynamicAlertDefaults(AlertDefaultsProperties properties) {
        return new DynamicAlertDefaults(properties.toDefaults());
    }

    @Bean
    ApplicationListener<ConfigRefreshedEvent> alertDefaultsReloader(
            DynamicAlertDefaults defaults, Environment environment) {
        return event -> {
            try {
                AlertDefaultsProperties bound =
                        Binder.get(environment).bindOrCreate("shopwatch.alert.defaults", AlertDefaultsProperties.class);
                if (defaults.replace(bound.toDefaults())) {
                    log.info("alert defaults of release {} in force", event.version());
                }
            } catch (RuntimeException e) {
                log.warn("alert defaults of release {} refused, current ones kept: {}", event.version(), e.toString());
            }
        };
    }
}
