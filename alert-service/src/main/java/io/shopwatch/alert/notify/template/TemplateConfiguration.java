package io.shopwatch.alert.notify.template;

import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.email.EmailNotifier;
import io.shopwatch.alert.notify.email.EmailProperties;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of notification texts (the Mustache renderer) and the e-mail channel that renders with it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TemplateProperties.class, EmailProperties.class})
public class TemplateConfiguration {

    /** The renderer every channel's notifier turns notifications into titles and bodies with. */
    @Bean
    MustacheMessageRenderer messageRenderer(Clock clock, TemplateProperties properties) {
        return new MustacheMessageRenderer(clock, properties);
    }

    @Bean
    EmailNotifier emailNotifier(
            OutboundUrlPolicy outboundUrlPolicy, MessageRenderer messageRenderer, Clock clock, EmailProperties email) {
        return new EmailNotifier(outboundUrlPolicy, messageRenderer, clock, email);
    }
}
