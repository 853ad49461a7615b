package io.shopwatch.auth.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.shopwatch.auth.AuthServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Outside the local stack the service does not start with a missing or weak admin password or missing secrets, and
 * fails before it touches a database (the one configured here does not exist).
 */
class StartupRefusalTest {

    private static Throwable start(String... properties) {
        String[] args = new String[properties.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere";
        for (int i = 0; i < properties.length; i++) {
            args[i + 2] = "--" + properties[i];
        }
        return catchThrowable(() -> new SpringApplicationBuilder(AuthServiceApplication.class)
                .run(args)
                .close());
    }

    private static InsecureConfigurationException cause(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InsecureConfigurationException insecure) {
                return insecure;
            }
        }
        throw new AssertionError("not refused for its configuration", thrown);
    }

    @Test
    void missingAdminPasswordAndSecrets_refuseTheStart() {
        InsecureConfigurationException refused = cause(start());

        assertThat(refused.problems())
                .containsExactly(
                        "SHOPWATCH_ADMIN_PASSWORD is not set",
                        "SHOPWATCH_SECRET_KEY is not set",
                        "SHOPWATCH_INTERNAL_SECRET is not set");
        FailureAnalysis analysis = new InsecureConfigurationFailureAnalyzer().analyze(refused);
        assertThat(analysis.getDescription()).contains("refuses to start", "SHOPWATCH_ADMIN_PASSWORD is not set");
        assertThat(analysis.getAction()).contains("SHOPWATCH_DEV_MODE=true");
    }

    @Test
    void weakAdminPassword_refusesTheStart() {
        InsecureConfigurationException refused = cause(start(
                "shopwatch.auth.admin.password=admin123",
                "shopwatch.auth.secret-key=0123456789abcdef0123456789abcdef-key",
                "shopwatch.auth.internal-secret=0123456789abcdef0123456789abcdef-int"));

        assertThat(refused.problems())
                .singleElement()
                .asString()
                .startsWith("SHOPWATCH_ADMIN_PASSWORD is weak")
                .contains("at least 12 characters");
    }
}
