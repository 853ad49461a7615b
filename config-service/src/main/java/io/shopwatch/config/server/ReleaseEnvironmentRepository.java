package io.shopwatch.config.server;

import io.shopwatch.common.config.ConfigClientSettings;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.config.gray.GrayReleases;
import io.shopwatch.config.gray.Instance;
import io.shopwatch.config.release.ConfigStore;
import io.shopwatch.config.release.Release;
import io.shopwatch.config.release.Target;
import io.shopwatch.config.web.Callers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.cloud.config.environment.Environment;
import org.springframework.cloud.config.environment.PropertySource;
import org.springframework.cloud.config.server.environment.EnvironmentRepository;
import org.springframework.core.Ordered;

/**
 * The Spring Cloud Config protocol ({@code GET /{application}/{profile}[/{label}]}) over ShopWatch's releases: for
 * each requested profile the release in force of (caller's org, application, profile), or, with a numeric label, that
 * pinned release. The environment's {@code version} is the release id (clients see it as {@code config.client.version}).
 *
 * <p>A gray release in progress is served instead of the release in force to the instances it chose; an instance names
 * itself in the {@code X-ShopWatch-Instance} and {@code X-ShopWatch-Instance-Labels} headers.
 *
 * <p>Labels: none or {@value #MAIN} follow the pointers (and gray releases); a release id pins a release of this application; any other
 * label is unknown (404). Secret values go through {@link SecretReader}: in clear only to services.
 */
public class ReleaseEnvironmentRepository implements EnvironmentRepository, Ordered {

    /** The label that follows the releases in force. */
    public static final String MAIN = "main";

    private final ConfigStore store;
    private final GrayReleases grays;
    private final Callers callers;
    private final SecretReader secrets;

    public ReleaseEnvironmentRepository(ConfigStore store, GrayReleases grays, Callers callers, SecretReader secrets) {
        this.store = store;
        this.grays = grays;
        this.callers = callers;
        this.secrets = secrets;
    }

    @Override
    public Environment findOne(String application, String profile, String label) {
        String[] profiles = profile == null || profile.isBlank()
                ? new String[] {"default"}
                : Arrays.stream(profile.split(","))
                        .map(String::strip)
                        .filter(p -> !p.isEmpty())
                        .toArray(String[]::new);
        Environment environment = new Environment(application, profiles, label == null ? MAIN : label, null, null);
        Optional<String> org = callers.currentOrg();
        if (org.isEmpty()) {
            return environment; // no request (the health indicator): nothing to serve
        }
        Long pinned = pinned(label);
        Instance instance = pinned == null ? instance() : Instance.UNKNOWN;
        List<Release> found = new ArrayList<>();
        for (String p : profiles) {
            Target target = new Target(org.get(), application, p);
            Optional<Release> release = pinned == null
                    ? grays.servedTo(target, instance)
                    : store.release(org.get(), pinned).filter(r -> r.target().equals(target));
            release.ifPresent(found::add);
        }
        if (pinned != null && found.isEmpty()) {
            throw ShopWatchException.notFound("release of " + application, pinned);
        }
        boolean clear = callers.isService();
        // the last profile wins, so it comes first
        for (int i = found.size() - 1; i >= 0; i--) {
            Release release = found.get(i);
            Map<String, Object> values = new LinkedHashMap<>();
            release.properties().forEach((k, v) -> values.put(k, secrets.read(v, clear)));
            environment.add(new PropertySource(
                    "shopwatch:" + application + "-" + release.target().profile() + "@" + release.id(), values));
        }
        if (!found.isEmpty()) {
            environment.setVersion(Long.toString(found.get(found.size() - 1).id()));
        }
        return environment;
    }

    private Instance instance() {
        return new Instance(
                callers.currentHeader(ConfigClientSettings.INSTANCE_HEADER).orElse(null),
                new TreeMap<>(ConfigClientSettings.parseLabels(callers.currentHeader(ConfigClientSettings.LABELS_HEADER)
                        .orElse(""))));
    }

    private static Long pinned(String label) {
        if (label == null || label.isBlank() || MAIN.equals(label)) {
            return null;
        }
        try {
            return Long.parseLong(label);
        } catch (NumberFormatException e) {
            throw ShopWatchException.notFound("label", label);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
