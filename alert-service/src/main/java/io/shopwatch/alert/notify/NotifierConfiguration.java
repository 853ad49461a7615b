package io.shopwatch.alert.notify;

import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.secrets.SecretRedactor;
import io.shopwatch.alert.settings.AlertingProperties;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Outbound HTTP with its URL policy, the webhook channel and the registry of every channel. */
@Configuration(proxyBeanMethods = false)
public class NotifierConfiguration {

    @Bean
    OutboundUrlPolicy outboundUrlPolicy(AlertingProperties properties) {
        return new OutboundUrlPolicy(properties.webhookAllowedHosts());
    }

    @Bean(destroyMethod = "close")
    OutboundHttp outboundHttp(OutboundUrlPolicy policy) {
        return new OutboundHttp(policy);
    }

    @Bean
    WebhookNotifier webhookNotifier(OutboundHttp http) {
        return new WebhookNotifier(http);
    }

    @Bean
    NotifierRegistry notifierRegistry(List<Notifier> notifiers) {
        return new NotifierRegistry(notifiers);
    }

    /** Redacts what the channels served here call secret, and Alertmanager's other integrations' secrets. */
    @Bean
    SecretRedactor secretRedactor(NotifierRegistry notifierRegistry) {
        return new SecretRedactor(notifierRegistry.secretSettings());
    }
}
