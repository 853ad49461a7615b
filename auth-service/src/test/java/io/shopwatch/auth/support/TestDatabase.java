package io.shopwatch.auth.support;

import io.shopwatch.testkit.EmbeddedPostgresSupport;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The settings of the shared integration-test context: one real PostgreSQL database (created once per JVM), strict
 * (non-dev) mode with test secrets, fast audit shipping.
 */
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "Adm1n-Integration-Pass";
    /** The platform credentials (the OpenObserve user and password the services share). */
    public static final String PLATFORM_USER = "root@platform.test";

    public static final String PLATFORM_PASSWORD = "platform-password-for-state";
    public static final String SECRET_KEY = "secret-key-for-integration-tests-0123456789";
    /** Not the development default {@code postgres}: the embedded PostgreSQL trusts local connections anyway. */
    public static final String DATABASE_PASSWORD = "database-password-for-integration-tests";

    public static final String INTERNAL_SECRET = "internal-secret-for-integration-tests-0123456789";

    private static String url;

    static synchronized String url() {
        if (url == null) {
            url = EmbeddedPostgresSupport.newDatabase("auth");
        }
        return url;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                        "spring.datasource.url=" + url(),
                        "spring.datasource.username=postgres",
                        "spring.datasource.password=" + DATABASE_PASSWORD,
                        "shopwatch.dev-mode=false",
                        "shopwatch.auth.admin.username=" + ADMIN,
                        "shopwatch.auth.admin.password=" + ADMIN_PASSWORD,
                        "shopwatch.auth.secret-key=" + SECRET_KEY,
                        "shopwatch.auth.internal-secret=" + INTERNAL_SECRET,
                        "shopwatch.auth.audit.ship-interval=200ms",
                        "shopwatch.openobserve.user=" + PLATFORM_USER,
                        "shopwatch.openobserve.password=" + PLATFORM_PASSWORD,
                        "shopwatch.auth.keys.rotation-check-interval=1h",
                        "shopwatch.auth.housekeeping-interval=1h",
                        "logging.level.org.apache.kafka=WARN",
                        "logging.level.kafka=WARN",
                        "logging.level.state.change.logger=WARN")
                .applyTo(context);
    }
}
