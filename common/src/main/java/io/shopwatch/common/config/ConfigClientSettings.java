package io.shopwatch.common.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.core.env.Environment;

/**
 * Settings of the config client ({@code shopwatch.config.client.*}), read before any bean exists.
 *
 * @param enabled fetch configuration from config-service at start and follow its changes (opt-in)
 * @param uri config-service's base URL
 * @param application the application asked for, {@code spring.application.name} by default
 * @param profile the profile(s) asked for (comma list, the last wins), the active profiles or {@code default}
 * @param token bearer token sent to config-service (a service's token: secrets come back in clear only to services)
 * @param cacheFile where the last configuration received is kept, to start on when config-service is down
 * @param timeout connect and read timeout of one fetch
 * @param kafkaBootstrapServers brokers carrying {@code shopwatch.config.changes}; empty: no live refresh
 */
public record ConfigClientSettings(
        boolean enabled,
        String uri,
        String application,
        String profile,
        String token,
        Path cacheFile,
        Duration timeout,
        String kafkaBootstrapServers) {

    public static final String PREFIX = "shopwatch.config.client.";

    public static ConfigClientSettings from(Environment environment) {
        String application = environment.getProperty(
                PREFIX + "application", environment.getProperty("spring.application.name", "application"));
        String[] active = environment.getActiveProfiles();
        String profile =
                environment.getProperty(PREFIX + "profile", active.length == 0 ? "default" : String.join(",", active));
        return new ConfigClientSettings(
                environment.getProperty(PREFIX + "enabled", Boolean.class, false),
                environment.getProperty(PREFIX + "uri", "http://localhost:8082"),
                application,
                profile,
                environment.getProperty(PREFIX + "token", ""),
                Path.of(environment.getProperty(PREFIX + "cache-file", "data/" + application + "/config-cache.json")),
                environment.getProperty(PREFIX + "timeout", Duration.class, Duration.ofSeconds(3)),
                environment.getProperty(
                        PREFIX + "kafka-bootstrap-servers",
                        environment.getProperty("spring.kafka.bootstrap-servers", "")));
    }
}
