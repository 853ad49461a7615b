package io.shopwatch.common.startup;

import java.util.List;
import java.util.Objects;
import org.springframework.core.env.PropertyResolver;

/**
 * Every credential of the platform that has a development default, in one list; each service is checked against the
 * entries whose property it defines. A value listed here may be used only when {@code SHOPWATCH_DEV_MODE=true} (the
 * local stack sets it; tests set {@code shopwatch.dev-mode=true}).
 */
public final class DevDefaults {

    /** The property that allows development values; the local stack sets it through {@link #DEV_MODE_VARIABLE}. */
    public static final String DEV_MODE_PROPERTY = "shopwatch.dev-mode";

    /** The environment variable of {@link #DEV_MODE_PROPERTY}. */
    public static final String DEV_MODE_VARIABLE = "SHOPWATCH_DEV_MODE";

    /** The password of the local stack's store, also the development default of the OpenObserve clients. */
    public static final String DEV_STORE_PASSWORD = "shopwatch-dev-password";

    /** The embedded store's own default root password (the one OpenObserve's API tests use). */
    public static final String OPENOBSERVE_EXAMPLE_PASSWORD = "Complexpass#123";

    /** The shared secret of auth-service's {@code /internal/**} in dev mode, the gateway's default. */
    public static final String DEV_INTERNAL_SECRET = "shopwatch-dev-internal-secret";

    /** The shared secret the local stack hands to auth-service and the gateway. */
    public static final String DEVSTACK_INTERNAL_SECRET = "shopwatch-dev-internal-secret-0123456789";

    private static final String[] DATABASE = {"postgres", DEV_STORE_PASSWORD};
    private static final String[] STORE = {DEV_STORE_PASSWORD, OPENOBSERVE_EXAMPLE_PASSWORD};
    private static final String[] INTERNAL = {DEV_INTERNAL_SECRET, DEVSTACK_INTERNAL_SECRET};

    /** The credentials with development defaults, by the property each service reads them from. */
    public static final List<DevDefault> CREDENTIALS = List.of(
            DevDefault.of("shopwatch.openobserve.password", "OPENOBSERVE_PASSWORD", STORE),
            DevDefault.of("shopwatch.gateway.auth.open-observe-password", "OPENOBSERVE_PASSWORD", STORE),
            DevDefault.of("store.root-user-password", "ZO_ROOT_USER_PASSWORD", STORE),
            DevDefault.of("spring.datasource.password", "DATABASE_PASSWORD", DATABASE),
            DevDefault.of("shopwatch.alert.database.password", "DATABASE_PASSWORD", DATABASE),
            DevDefault.of("shopwatch.gateway.auth.internal-secret", "SHOPWATCH_INTERNAL_SECRET", INTERNAL),
            DevDefault.of("shopwatch.auth.internal-secret", "SHOPWATCH_INTERNAL_SECRET", INTERNAL));

    private DevDefaults() {}

    /** Whether development values are allowed ({@code shopwatch.dev-mode}, default false). */
    public static boolean devMode(PropertyResolver environment) {
        return environment.getProperty(DEV_MODE_PROPERTY, Boolean.class, false);
    }

    /**
     * One line per credential of {@code checks} that holds a development value; empty in dev mode or when none does.
     */
    public static List<String> problems(PropertyResolver environment, List<DevDefault> checks) {
        Objects.requireNonNull(environment, "environment");
        if (devMode(environment)) {
            return List.of();
        }
        return checks.stream()
                .filter(check -> check.isDevelopmentValue(environment.getProperty(check.property())))
                .map(DevDefault::problem)
                .distinct()
                .toList();
    }
}
