package io.shopwatch.common.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration of one application as config-service served it: flat properties (higher-precedence sources
 * already merged over lower ones) and the release id ({@code version}).
 */
public record FetchedConfig(String version, Map<String, Object> properties) {

    public FetchedConfig {
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
