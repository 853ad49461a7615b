package io.shopwatch.alert.notify.email;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service-wide e-mail defaults, under {@code shopwatch.alert.email}: used by {@code email_configs} that set no
 * {@code smarthost}, {@code from} or {@code require_tls} (Alertmanager's {@code global.smtp_*}).
 *
 * @param smarthost the SMTP server as {@code host:port}; empty for none (then every integration must name one)
 * @param from the sender address; empty for none
 * @param requireTls whether STARTTLS is required
 */
@ConfigurationProperties(prefix = "shopwatch.alert.email")
public record EmailProperties(
        @DefaultValue("") String smarthost,
        @DefaultValue("") String from,
        @DefaultValue("true") boolean requireTls) {}
