package io.shopwatch.alert.notify;

import java.util.Map;

/**
 * One integration of a receiver, as configured ({@code webhook_configs[0]}).
 *
 * @param type the integration type, the configuration key without {@code _configs}
 * @param index its position among the receiver's integrations of this type
 * @param sendResolved whether resolved alerts are sent
 * @param settings the integration's settings as written (keys in snake_case)
 */
public record IntegrationConfig(String type, int index, boolean sendResolved, Map<String, Object> settings) {

    public IntegrationConfig {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A setting as a string, or {@code fallback}. */
    public String string(String name, String fallback) {
        Object value = settings.get(name);
        return value == null ? fallback : value.toString();
    }

    @Override
    public String toString() {
        return type + "[" + index + "]";
    }
}
