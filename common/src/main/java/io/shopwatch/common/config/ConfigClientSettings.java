package io.shopwatch.common.config;

import io.shopwatch.common.openobserve.OpenObserveCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
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
 * @param instanceId this instance's stable name, sent with every fetch and acknowledgement (gray releases choose
 *     instances by it); {@code HOSTNAME:pid} by default
 * @param labels this instance's labels ({@code canary=true,zone=eu-1}), sent the same way (gray releases choose
 *     instances by them too)
 * @param acknowledge report the releases applied to config-service after every fetch (its per-instance status)
 * @param org the org whose configuration is read when the platform credentials are sent instead of a token
 * @param platformAuthorization sent when there is no token: the platform credentials (the service's OpenObserve user
 *     and password) as an HTTP Basic header, which config-service accepts on its protocol and acknowledgement paths;
 *     empty when the service has none
 * @param advertisedUrl the base URL at which config-service reaches this instance's dry-run bind ({@code
 *     /config-client/bind-check}), sent with every acknowledgement; empty: {@code http://<host address>:<server
 *     port>} once the web server runs, none without one
 */
public record ConfigClientSettings(
        boolean enabled,
        String uri,
        String application,
        String profile,
        String token,
        Path cacheFile,
        Duration timeout,
        String kafkaBootstrapServers,
        String instanceId,
        Map<String, String> labels,
        boolean acknowledge,
        String org,
        String platformAuthorization,
        String advertisedUrl) {

    public static final String PREFIX = "shopwatch.config.client.";

    /** Request header naming the instance that fetches its configuration. */
    public static final String INSTANCE_HEADER = "X-ShopWatch-Instance";

    /** Request header carrying the instance's labels, {@code key=value} pairs separated by commas. */
    public static final String LABELS_HEADER = "X-ShopWatch-Instance-Labels";

    public ConfigClientSettings {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
    }

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
                        environment.getProperty("spring.kafka.bootstrap-servers", "")),
                instanceId(environment),
                parseLabels(environment.getProperty(PREFIX + "labels", "")),
                environment.getProperty(PREFIX + "acknowledge", Boolean.class, true),
                environment.getProperty(
                        PREFIX + "org", environment.getProperty("shopwatch.openobserve.org", "default")),
                platformAuthorization(environment),
                environment.getProperty(PREFIX + "advertised-url", "").strip());
    }

    /** HTTP Basic of {@code shopwatch.openobserve.user} and {@code password}, or empty without them. */
    private static String platformAuthorization(Environment environment) {
        String user = environment.getProperty("shopwatch.openobserve.user", "");
        String password = environment.getProperty("shopwatch.openobserve.password", "");
        if (user.isBlank() || password.isBlank()) {
            return "";
        }
        return OpenObserveCredentials.basic(user, password).authorizationHeader();
    }

    /** {@code instance-id}, or when empty {@code HOSTNAME:pid}. */
    private static String instanceId(Environment environment) {
        String configured = environment.getProperty(PREFIX + "instance-id", "");
        if (!configured.isBlank()) {
            return configured.strip();
        }
        String host = environment.getProperty("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    /**
     * Labels written {@code key=value,key2=value2} (blanks around names and values ignored; a pair without {@code =}
     * is a label with an empty value).
     */
    public static Map<String, String> parseLabels(String text) {
        Map<String, String> labels = new TreeMap<>();
        if (text == null) {
            return labels;
        }
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).strip();
            String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
            if (!key.isEmpty()) {
                labels.put(key, value);
            }
        }
        return labels;
    }

    /** The header form of labels: {@code key=value} pairs, sorted, separated by commas. */
    public static String formatLabels(Map<String, String> labels) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(k).append('=').append(v);
        });
        return text.toString();
    }
}
