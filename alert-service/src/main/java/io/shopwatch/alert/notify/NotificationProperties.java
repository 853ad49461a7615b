package io.shopwatch.alert.notify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of notification delivery, under {@code shopwatch.alert.notifications}.
 *
 * @param deadline how long a notification is retried before it expires (and the fallback receiver is told)
 * @param pollInterval how often the outbox is checked for due retries and escalations are run
 * @param senderThreads threads sending retries from the outbox
 * @param attemptTimeout the most one attempt may take
 * @param maxBackoff the longest pause between two attempts (before jitter, unless a provider asks for longer)
 * @param retention how long delivered, failed and expired notifications stay visible in the API
 * @param fallbackReceiver the receiver told about failed notifications when a configuration names none
 * @param publicUrl the base of links in messages (acknowledge, group); the gateway's URL in production
 * @param logSearchUrl the log search link of messages, with {@code {service}}, {@code {from}}, {@code {to}} and
 *     {@code {query}} placeholders; empty for none
 * @param ackLinkValidity how long a one-click acknowledgement link works
 * @param ackDuration how long an acknowledgement lasts when the person gives no duration
 * @param ackLinkKey the key signing acknowledgement links (base64); empty for a random key kept in the database
 */
@ConfigurationProperties(prefix = "shopwatch.alert.notifications")
public record NotificationProperties(
        @DefaultValue("1h") Duration deadline,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("4") int senderThreads,
        @DefaultValue("30s") Duration attemptTimeout,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("") String fallbackReceiver,
        @DefaultValue("http://localhost:8080") String publicUrl,
        @DefaultValue("") String logSearchUrl,
        @DefaultValue("7d") Duration ackLinkValidity,
        @DefaultValue("24h") Duration ackDuration,
        @DefaultValue("") String ackLinkKey) {}
