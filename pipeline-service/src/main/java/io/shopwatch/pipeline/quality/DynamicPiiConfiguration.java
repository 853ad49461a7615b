package io.shopwatch.pipeline.quality;

import io.shopwatch.common.config.ConfigClientConfiguration;
import io.shopwatch.common.config.ConfigRefreshedEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Custom PII rules from config-service: common's config client (opt-in, {@code shopwatch.config.client.enabled})
 * rebinds {@link PiiRuleSettings} on every published change, and the rules are compiled again at once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PiiRuleSettings.class)
@Import(ConfigClientConfiguration.class)
public class DynamicPiiConfiguration {

    @Bean
    CustomPiiRules customPiiRules(PiiRuleSettings settings) {
        CustomPiiRules rules = new CustomPiiRules();
        rules.reload(settings);
        return rules;
    }

    @Bean
    ApplicationListener<ConfigRefreshedEvent> customPiiRulesReloader(CustomPiiRules rules, PiiRuleSettings settings) {
        return event -> rules.reload(settings);
    }
}
