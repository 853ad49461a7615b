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
