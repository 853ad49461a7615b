package io.shopwatch.common.openobserve;

import io.shopwatch.testkit.openobserve.OpenObserveContract;
import java.time.Duration;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The OpenObserve contract suite against a real OpenObserve, when {@code OPENOBSERVE_URL}, {@code OPENOBSERVE_USER}
 * and {@code OPENOBSERVE_PASSWORD} are set (org from {@code OPENOBSERVE_ORG}, default {@code default}). Without them
 * it is skipped; the same suite always runs against the embedded store (embedded-store's
 * {@code EmbeddedStoreContractTest}).
 */
@EnabledIfEnvironmentVariable(
        named = "OPENOBSERVE_URL",
        matches = ".+",
        disabledReason = "OPENOBSERVE_URL, OPENOBSERVE_USER and OPENOBSERVE_PASSWORD are not set: the OpenObserve"
                + " contract suite against a real OpenObserve is skipped (it runs against the embedded store in"
                + " embedded-store's EmbeddedStoreContractTest)")
class RealOpenObserveContractTest extends OpenObserveContract {

    @Override
    protected String baseUrl() {
        return System.getenv("OPENOBSERVE_URL");
    }

    @Override
    protected String user() {
        return env("OPENOBSERVE_USER", "root@example.com");
    }

    @Override
    protected String password() {
        return env("OPENOBSERVE_PASSWORD", "Complexpass#123");
    }

    @Override
    protected String org() {
        return env("OPENOBSERVE_ORG", "default");
    }

    @Override
    protected Duration visibilityTimeout() {
        return Duration.ofMinutes(2);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
