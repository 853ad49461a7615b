package io.shopwatch.alert.settings;

import io.shopwatch.alert.core.AlertDefaults;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The alert defaults, under {@code shopwatch.alert.defaults}: what an organisation's Alertmanager configuration gets
 * where it sets none. Dynamic: config-service can change them while the service runs (README, "Dynamic alert
 * defaults").
 *
 * @param groupWait the root route's {@code group_wait}
 * @param groupInterval the root route's {@code group_interval}
 * @param repeatInterval the root route's {@code repeat_interval}
 * @param resolveTimeout {@code global.resolve_timeout}
 */
@ConfigurationProperties(prefix = "shopwatch.alert.defaults")
public record AlertDefaultsProperties(
        @DefaultValue("30s") Duration groupWait,
        @DefaultValue("5m") Duration groupInterval,
        @DefaultValue("4h") Duration repeatInterval,
        @DefaultValue("5m") Duration resolveTimeout) {

    /**
     * @throws IllegalArgumentException when a value is not positive ({@code group-wait} may be zero)
     */
    public AlertDefaultsProperties {
        new AlertDefaults(groupWait, groupInterval, repeatInterval, resolveTimeout);
    }

    public AlertDefaults toDefaults() {
        return new AlertDefaults(groupWait, groupInterval, repeatInterval, resolveTimeout);
    }
}
