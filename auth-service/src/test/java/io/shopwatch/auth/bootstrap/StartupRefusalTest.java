package io.shopwatch.auth.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.auth.AuthServiceApplication;
import io.shopwatch.common.startup.InsecureConfigurationException;
import io.shopwatch.common.startup.InsecureConfigurationFailureAnalyzer;
import io.shopwatch.testkit.StartupRefusal;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Outside the local stack the service does not start with a development database password, a missing or weak admin
 * password or missing secrets, and fails before it touches a database (the one configured here does not exist).
 */
class StartupRefusalTest {

    private static final String NOWHERE = "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere";
    private static final String DATABASE_PASSWORD = "spring.datasource.password=a-production-database-password";

    @Test
    void developmentDatabasePassword_refusesTheStart_namingTheVariable() {
        InsecureConfigurationException refused = StartupRefusal.of(AuthServiceApplication.class, NOWHERE);

        assertThat(refused.problems())
                .singleElement()
                .asString()
                .startsWith("DATABASE_PASSWORD is a development default")
                .contains("SHOPWATCH_DEV_MODE=true");
    }

    @Test
    void missingAdminPasswordAndSecrets_refuseTheStart() {
        InsecureConfigurationException refused =
                StartupRefusal.of(AuthServiceApplication.class, NOWHERE, DATABASE_PASSWORD);

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
        InsecureConfigurationException refused = StartupRefusal.of(
                AuthServiceApplication.class,
                NOWHERE,
                DATABASE_PASSWORD,
                "shopwatch.auth.admin.password=admin123",
                "shopwatch.auth.secret-key=0123456789abcdef0123456789abcdef-key",
                "shopwatch.auth.internal-secret=0123456789abcdef0123456789abcdef-int");

        assertThat(refused.problems())
                .singleElement()
                .asString()
                .startsWith("SHOPWATCH_ADMIN_PASSWORD is weak")
                .contains("at least 12 characters");
    }

    @Test
    void theLocalStacksInternalSecret_refusesTheStart() {
        InsecureConfigurationException refused = StartupRefusal.of(
                AuthServiceApplication.class,
                NOWHERE,
                DATABASE_PASSWORD,
                "shopwatch.auth.admin.password=Long-Enough-Phrase-1",
                "shopwatch.auth.secret-key=0123456789abcdef0123456789abcdef-key",
                "shopwatch.auth.internal-secret=shopwatch-dev-internal-secret-0123456789");

        assertThat(refused.problems())
                .singleElement()
                .asString()
                .startsWith("SHOPWATCH_INTERNAL_SECRET is a development default");
    }
}
