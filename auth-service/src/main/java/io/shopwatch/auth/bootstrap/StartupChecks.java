package io.shopwatch.auth.bootstrap;

import io.shopwatch.auth.user.PasswordPolicy;
import io.shopwatch.auth.user.Usernames;
import io.shopwatch.common.startup.DevDefaults;
import io.shopwatch.common.startup.InsecureConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the configuration is safe to start with. Outside the local stack ({@code SHOPWATCH_DEV_MODE} not
 * {@code true}) a missing or weak admin password, or a missing or short secret, stops the service. In dev mode the
 * missing values are replaced by well-known development values, with a warning.
 */
public final class StartupChecks {

    /** Used in dev mode when {@code SHOPWATCH_ADMIN_PASSWORD} is not set (the same as the local stack's store). */
    public static final String DEV_ADMIN_PASSWORD = "shopwatch-dev-password";

    /** Used in dev mode when {@code SHOPWATCH_SECRET_KEY} is not set. */
    public static final String DEV_SECRET_KEY = "shopwatch-dev-secret-key-not-for-production";

    /** Used in dev mode when {@code SHOPWATCH_INTERNAL_SECRET} is not set; the gateway's dev default must match. */
    public static final String DEV_INTERNAL_SECRET = DevDefaults.DEV_INTERNAL_SECRET;

    /** Shortest secret accepted outside dev mode. */
    public static final int MIN_SECRET_LENGTH = 32;

    private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);

    private StartupChecks() {}

    /**
     * The secrets to run with.
     *
     * @param devMode {@code shopwatch.dev-mode} ({@code SHOPWATCH_DEV_MODE})
     * @throws InsecureConfigurationException naming every problem, when the service must not start
     */
    public static Secrets check(BootstrapProperties properties, boolean devMode, PasswordPolicy policy) {
        boolean dev = devMode;
        List<String> problems = new ArrayList<>();

        String username = blankToNull(properties.admin().username());
        username = username == null ? "admin" : username.toLowerCase(Locale.ROOT);
        if (!Usernames.isValid(username)) {
            problems.add("SHOPWATCH_ADMIN_USER '" + username + "' is not a valid user name (" + Usernames.RULE + ")");
        }

        String password = blankToNull(properties.admin().password());
        if (password == null) {
            if (dev) {
                log.warn("SHOPWATCH_ADMIN_PASSWORD is not set: dev mode uses the well-known development password");
                password = DEV_ADMIN_PASSWORD;
            } else {
                problems.add("SHOPWATCH_ADMIN_PASSWORD is not set");
            }
        } else {
            List<String> weak = policy.violations(password, username);
            if (!weak.isEmpty()) {
                if (dev) {
                    log.warn(
                            "SHOPWATCH_ADMIN_PASSWORD is weak ({}); accepted only because SHOPWATCH_DEV_MODE=true",
                            String.join("; ", weak));
                } else {
                    problems.add("SHOPWATCH_ADMIN_PASSWORD is weak: " + String.join("; ", weak));
                }
            }
        }

        String secretKey = secret("SHOPWATCH_SECRET_KEY", properties.secretKey(), DEV_SECRET_KEY, dev, problems);
        String internal =
                secret("SHOPWATCH_INTERNAL_SECRET", properties.internalSecret(), DEV_INTERNAL_SECRET, dev, problems);

        if (!problems.isEmpty()) {
            throw new InsecureConfigurationException(problems);
        }
        return new Secrets(dev, username, password, secretKey, internal);
    }

    private static String secret(String name, String value, String devDefault, boolean dev, List<String> problems) {
        String given = blankToNull(value);
        if (given == null) {
            if (dev) {
                log.warn("{} is not set: dev mode uses a well-known development value", name);
                return devDefault;
            }
            problems.add(name + " is not set");
            return null;
        }
        if (!dev && given.length() < MIN_SECRET_LENGTH) {
            problems.add(name + " must have at least " + MIN_SECRET_LENGTH + " characters");
        }
        if (!dev && given.equals(devDefault)) {
            problems.add(name + " is the well-known development value");
        }
        return given;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
