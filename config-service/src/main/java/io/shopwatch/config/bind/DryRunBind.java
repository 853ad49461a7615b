package io.shopwatch.config.bind;

import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.common.security.servlet.ServiceSecurityAutoConfiguration;
import io.shopwatch.config.gray.GrayStore;
import io.shopwatch.config.gray.InstanceAck;
import io.shopwatch.config.release.CandidateCheck;
import io.shopwatch.config.release.Draft;
import io.shopwatch.config.release.Secrets;
import io.shopwatch.config.server.SecretReader;
import io.shopwatch.config.validate.FieldError;
import io.shopwatch.config.validate.InvalidConfigurationException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dry-run bind: before a publish, the live instances of the application that follow the profile (known from
 * their acknowledgements, which name their base URL) are asked at once, with the platform credentials, to bind the
 * candidate to their own {@code @ConfigurationProperties} beans without applying it (common's
 * {@code /config-client/bind-check}). Any problem refuses the publish with 422 and the field errors ({@code rule:
 * bind}); an instance that cannot be asked is reported, and when none answered the publish goes ahead on the JSON
 * Schema and platform rules alone, saying so. Secrets are sent in clear (each instance receives them anyway) and
 * masked in the messages that come back.
 */
public final class DryRunBind implements CandidateCheck {

    private static final Logger log = LoggerFactory.getLogger(DryRunBind.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GrayStore instances;
    private final SecretReader secrets;
    private final DryRunProperties properties;
    private final String authorization;
    private final Clock clock;
    private final HttpClient http;

    /**
     * @param authorization the platform credentials' {@code Authorization} header, empty when config-service has none
     *     (no instance can then be asked)
     */
    public DryRunBind(
            GrayStore instances, SecretReader secrets, DryRunProperties properties, String authorization, Clock clock) {
        this.instances = instances;
        this.secrets = secrets;
        this.properties = properties;
        this.authorization = authorization;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    }

    /** The platform credentials as config-service holds them ({@code shopwatch.openobserve.user/password}). */
    public static String authorization(String user, String password) {
        return user.isBlank() || password.isBlank()
                ? ""
                : OpenObserveCredentials.basic(user, password).authorizationHeader();
    }

    @Override
    public DryRunReport check(Draft draft) {
        String application = draft.target().application();
        List<InstanceAck> live = live(draft);
        if (live.isEmpty()) {
            return new DryRunReport(
                    List.of(),
                    List.of(),
                    "no live instance of " + application + " to bind the candidate: validated by the JSON Schema and"
                            + " the platform rules only");
        }
        if (authorization.isEmpty()) {
            return new DryRunReport(
                    List.of(),
                    List.of(),
                    "config-service has no platform credentials to ask the instances: validated by the JSON Schema"
                            + " and the platform rules only");
        }
        Map<String, Object> candidate = new LinkedHashMap<>();
        Set<String> clearSecrets = new LinkedHashSet<>();
        draft.properties().forEach((key, stored) -> {
            Object value = secrets.read(stored, true);
            if (Secrets.isSecret(stored) && value instanceof String clear && !clear.isEmpty()) {
                clearSecrets.add(clear);
            }
            candidate.put(key, value);
        });
        byte[] body = JSON.writeValueAsBytes(Map.of("properties", candidate));
        Map<String, CompletableFuture<HttpResponse<String>>> calls = new LinkedHashMap<>();
        for (InstanceAck instance : live) {
            calls.put(
                    instance.instance().id(), ask(instance.url(), draft.target().org(), body));
        }
        List<String> checked = new ArrayList<>();
        List<DryRunReport.Unreachable> unreachable = new ArrayList<>();
        Set<FieldError> errors = new LinkedHashSet<>();
        calls.forEach((instance, call) -> {
            HttpResponse<String> response;
            try {
                response = call.join();
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                unreachable.add(new DryRunReport.Unreachable(instance, cause.toString()));
                return;
            }
            if (response.statusCode() != 200) {
                unreachable.add(new DryRunReport.Unreachable(instance, "answered " + response.statusCode()));
                return;
            }
            checked.add(instance);
            for (JsonNode problem : JSON.readTree(response.body()).path("problems")) {
                errors.add(new FieldError(
                        problem.path("field").asString(""),
                        mask(problem.path("message").asString(""), clearSecrets) + " (instance " + instance + ")",
                        "bind"));
            }
        });
        if (!unreachable.isEmpty()) {
            log.info("dry-run bind of {}: {} instance(s) not asked: {}", application, unreachable.size(), unreachable);
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException(List.copyOf(errors));
        }
        String note = checked.isEmpty()
                ? "no live instance of " + application + " answered: validated by the JSON Schema and the platform"
                        + " rules only"
                : null;
        return new DryRunReport(checked, unreachable, note);
    }

    /** Instances following the draft's profile, with a URL, acknowledged recently; the most recent first. */
    private List<InstanceAck> live(Draft draft) {
        if (!properties.enabled()) {
            return List.of();
        }
        Instant since = clock.instant().minus(properties.liveWithin());
        return instances.acks(draft.target().org(), draft.target().application()).stream()
                .filter(ack -> ack.url() != null && !ack.url().isBlank())
                .filter(ack -> ack.follows(draft.target().profile()))
                .filter(ack -> ack.ackedAt().isAfter(since))
                .sorted(Comparator.comparing(InstanceAck::ackedAt).reversed())
                .limit(properties.maxInstances())
                .toList();
    }

    private CompletableFuture<HttpResponse<String>> ask(String url, String org, byte[] body) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        HttpRequest request = HttpRequest.newBuilder(URI.create(base
                        + ServiceSecurityAutoConfiguration.CONFIG_BIND_CHECK_PATH + "?org="
                        + URLEncoder.encode(org, StandardCharsets.UTF_8)))
                .timeout(properties.timeout())
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String mask(String message, Set<String> clearSecrets) {
        String masked = message;
        for (String secret : clearSecrets) {
            masked = masked.replace(secret, Secrets.MASKED);
        }
        return masked;
    }
}
