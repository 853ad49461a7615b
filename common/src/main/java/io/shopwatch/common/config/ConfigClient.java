package io.shopwatch.common.config;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Puts config-service's configuration into a service's environment, above every other property source: at start (or,
 * when config-service cannot be reached, the last-known-good copy on disk), and again on every {@link #refresh()}.
 * A refresh that fails keeps the current values.
 */
public final class ConfigClient {

    /** Name of the property source holding config-service's values. */
    public static final String SOURCE = "shopwatch-config-service";

    private static final Logger log = LoggerFactory.getLogger(ConfigClient.class);

    private final ConfigClientSettings settings;
    private final ConfigurableEnvironment environment;
    private final ConfigServerFetcher fetcher;
    private final LastKnownGood lastKnownGood;
    private volatile String version;
    private volatile FetchedConfig fromConfigService;

    public ConfigClient(ConfigClientSettings settings, ConfigurableEnvironment environment) {
        this.settings = settings;
        this.environment = environment;
        this.fetcher = new ConfigServerFetcher(settings);
        this.lastKnownGood = new LastKnownGood(settings.cacheFile());
    }

    public ConfigClientSettings settings() {
        return settings;
    }

    /** The release in force in this environment, {@code null} before any configuration was received. */
    public String version() {
        return version;
    }

    /** At start: config-service, else the last-known-good copy, else nothing (local defaults). */
    public void loadAtStart() {
        try {
            FetchedConfig fetched = fetcher.fetch();
            install(fetched);
            save(fetched);
            fromConfigService = fetched;
            log.info(
                    "configuration of {}/{} from config-service: release {}, {} properties",
                    settings.application(),
                    settings.profile(),
                    fetched.version(),
                    fetched.properties().size());
        } catch (IOException e) {
            Optional<FetchedConfig> cached = lastKnownGood.load();
            if (cached.isPresent()) {
                install(cached.get());
                log.warn(
                        "config-service unreachable ({}): starting on the last-known-good release {} from {}",
                        describe(e),
                        cached.get().version(),
                        settings.cacheFile());
            } else {
                log.warn(
                        "config-service unreachable ({}) and no last-known-good copy in {}: starting on local settings",
                        describe(e),
                        settings.cacheFile());
            }
        }
    }

    /**
     * Fetches again and replaces the values; returns the keys whose value changed (empty when nothing changed or the
     * fetch failed, in which case the current values stay).
     */
    public Set<String> refresh() {
        try {
            return replace(fetcher.fetch());
        } catch (IOException e) {
            log.warn("configuration not refreshed, current values kept: {}", describe(e));
            return Set.of();
        }
    }

    /** Whether the values in force came from config-service, rather than the last-known-good copy or local settings. */
    public boolean fromConfigService() {
        return fromConfigService != null;
    }

    /**
     * For a service that started without config-service: fetches, and on success replaces the values as
     * {@link #refresh()} does and returns the keys whose value changed; empty, quietly, while config-service is still
     * unreachable.
     */
    public Optional<Set<String>> catchUp() {
        try {
            return Optional.of(replace(fetcher.fetch()));
        } catch (IOException e) {
            log.debug("config-service still unreachable: {}", describe(e));
            return Optional.empty();
        }
    }

    private Set<String> replace(FetchedConfig fetched) {
        Map<String, Object> before = current();
        install(fetched);
        save(fetched);
        fromConfigService = fetched;
        Set<String> changed = new HashSet<>();
        fetched.properties().forEach((k, v) -> {
            if (!v.equals(before.get(k))) {
                changed.add(k);
            }
        });
        before.keySet().stream()
                .filter(k -> !fetched.properties().containsKey(k))
                .forEach(changed::add);
        return changed;
    }

    /**
     * Reports to config-service the releases last received from it, once they are bound (at start, after every
     * refresh); nothing when the values came from the last-known-good copy. A failure only costs config-service its
     * view of this instance.
     */
    public void acknowledge() {
        FetchedConfig applied = fromConfigService;
        if (!settings.enabled() || !settings.acknowledge() || applied == null) {
            return;
        }
        try {
            fetcher.acknowledge(applied, advertisedUrl());
        } catch (IOException | RuntimeException e) {
            log.warn("release {} applied but not acknowledged: {}", applied.version(), e.toString());
        }
    }

    /**
     * Where config-service reaches this instance's dry-run bind: the configured URL, else {@code server.address} (or
     * this host's address when it binds every interface) and the running web server's port, else none (no web server: config-service cannot check candidates here).
     */
    String advertisedUrl() {
        if (!settings.advertisedUrl().isEmpty()) {
            return settings.advertisedUrl();
        }
        String port = environment.getProperty("local.server.port");
        if (port == null || port.isBlank() || "-1".equals(port)) {
            return null;
        }
        String host = environment.getProperty("server.address", "").strip();
        if (host.isEmpty() || "0.0.0.0".equals(host) || "::".equals(host)) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostAddress();
            } catch (IOException e) {
                host = "127.0.0.1";
            }
        }
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port + environment.getProperty("server.servlet.context-path", "");
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private Map<String, Object> current() {
        PropertySource<?> source = environment.getPropertySources().get(SOURCE);
        if (source instanceof MapPropertySource map) {
            return Map.copyOf(map.getSource());
        }
        return Map.of();
    }

    private void install(FetchedConfig config) {
        MapPropertySource source = new MapPropertySource(SOURCE, config.properties());
        if (environment.getPropertySources().contains(SOURCE)) {
            environment.getPropertySources().replace(SOURCE, source);
        } else {
            environment.getPropertySources().addFirst(source);
        }
        version = config.version();
    }

    private void save(FetchedConfig config) {
        try {
            lastKnownGood.save(config);
        } catch (IOException e) {
            log.warn("last-known-good copy not written to {}: {}", settings.cacheFile(), describe(e));
        }
    }
}
