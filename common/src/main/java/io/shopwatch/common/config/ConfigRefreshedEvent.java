package io.shopwatch.common.config;

import java.util.Set;
import org.springframework.context.ApplicationEvent;

/** Published after new configuration from config-service was put into the environment and properties were rebound. */
public class ConfigRefreshedEvent extends ApplicationEvent {

    private final String version;
    private final Set<String> changedKeys;

    public ConfigRefreshedEvent(Object source, String version, Set<String> changedKeys) {
        super(source);
        this.version = version;
        this.changedKeys = Set.copyOf(changedKeys);
    }

    /** The release now in force. */
    public String version() {
        return version;
    }

    public Set<String> changedKeys() {
        return changedKeys;
    }
}
