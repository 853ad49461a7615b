package io.shopwatch.common.config;

import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.servlet.CurrentIdentity;
import io.shopwatch.common.security.servlet.IdentityAuthentication;
import io.shopwatch.common.security.servlet.ServiceSecurityAutoConfiguration;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /config-client/bind-check}: config-service asks a running instance whether a candidate configuration
 * binds to its {@code @ConfigurationProperties} beans, before it publishes it ({@link ConfigBindCheck}; nothing is
 * applied). Only the platform credentials (made an admin on this path by common's security) or an admin token may ask.
 */
@RestController
public class ConfigBindCheckController {

    private final ConfigBindCheck check;
    private final ConfigClientSettings settings;
    private final boolean securityEnabled;

    public ConfigBindCheckController(ConfigBindCheck check, ConfigClientSettings settings, Environment environment) {
        this.check = check;
        this.settings = settings;
        this.securityEnabled = environment.getProperty("shopwatch.security.enabled", Boolean.class, true);
    }

    /**
     * @param properties the candidate, flat keys as config-service serves them
     */
    public record BindCheckRequest(Map<String, Object> properties) {}

    /**
     * @param instance this instance's id
     * @param problems every property that does not bind, empty when the candidate binds
     */
    public record BindCheckAnswer(String instance, List<ConfigBindCheck.Problem> problems) {}

    @PostMapping(ServiceSecurityAutoConfiguration.CONFIG_BIND_CHECK_PATH)
    public BindCheckAnswer bindCheck(@RequestBody BindCheckRequest body) {
        authorize();
        if (body == null || body.properties() == null) {
            throw new ShopWatchException(ProblemType.VALIDATION, "properties: a JSON object is required");
        }
        return new BindCheckAnswer(settings.instanceId(), check.check(body.properties()));
    }

    private void authorize() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!securityEnabled && !(authentication instanceof IdentityAuthentication)) {
            return;
        }
        Identity caller = CurrentIdentity.get();
        if (caller.kind() != AuthKind.PLATFORM && !caller.platformAdmin() && !caller.has(Role.ADMIN)) {
            throw new ShopWatchException(
                    ProblemType.FORBIDDEN, "only the platform credentials or an admin may check a configuration");
        }
    }
}
