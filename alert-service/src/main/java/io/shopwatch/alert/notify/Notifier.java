package io.shopwatch.alert.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Delivers a notification through one kind of integration. One class per kind, registered as a bean and found by
 * {@link #type()}, which is the configuration key without {@code _configs} ({@code webhook}, {@code dingtalk}).
 */
public interface Notifier {

    /** The integration type served. */
    String type();

    /**
     * What the rest of the service needs to know about this channel: secret settings, rate limits, digests, default
     * language, whether resolved notifications are sent by default. The default suits a channel with none of them.
     */
    default ChannelTraits traits() {
        return ChannelTraits.of(type());
    }

    /**
     * Sends one notification; returns when it was accepted.
     *
     * @param timeout the most one attempt may take
     * @throws DeliveryException when it was not; retryable ones are tried again until the flush's deadline
     */
    void send(IntegrationConfig integration, Notification notification, Duration timeout) throws DeliveryException;

    /** Problems with an integration's settings, checked when a configuration is stored. */
    default List<String> validate(Map<String, Object> settings) {
        return List.of();
    }
}
