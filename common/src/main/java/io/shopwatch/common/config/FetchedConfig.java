package io.shopwatch.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of one application as config-service served it: flat properties (higher-precedence sources
 * already merged over lower ones), the release id ({@code version}) and the ids of every release it was made of (one
 * per profile, from the property sources' names; empty when unknown, e.g. a last-known-good copy).
 */
public record FetchedConfig(String version, Map<String, Object> properties, List<Long> releases) {

    public FetchedConfig {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    public FetchedConfig(String version, Map<String, Object> properties) {
        this(version, properties, List.of());
    }
}
