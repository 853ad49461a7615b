package io.shopwatch.alert.notify.template;

import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.email.EmailNotifier;
import io.shopwatch.alert.notify.email.EmailProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of notification texts (the Mustache renderer) and the e-mail channel that renders with it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TemplateProperties.class, EmailProperties.class})
public class TemplateConfiguration {

    /**
     * The renderer every channel's notifier turns notifications into titles and bodies with. A channel's default
     * language comes from its traits in the registry, looked up when a text is rendered (the notifiers, and so the
     * registry, need the renderer first).
     */
    @Bean
    MustacheMessageRenderer messageRenderer(
            Clock clock, TemplateProperties properties, ObjectProvider<NotifierRegistry> notifiers) {
        return new MustacheMessageRenderer(clock, properties, type -> notifiers
                .getObject()
                .traits(type)
                .map(ChannelTraits::defaultLanguage)
                .orElse(null));
    }

    @Bean
    EmailNotifier emailNotifier(
            OutboundUrlPolicy outboundUrlPolicy, MessageRenderer messageRenderer, Clock clock, EmailProperties email) {
        return new EmailNotifier(outboundUrlPolicy, messageRenderer, clock, email);
    }
}
