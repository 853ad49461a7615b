package io.shopwatch.auth.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.auth.user.PasswordPolicy;
import io.shopwatch.common.startup.InsecureConfigurationException;
import org.junit.jupiter.api.Test;

class StartupChecksTest {

    private static final PasswordPolicy POLICY = new PasswordPolicy(12);
    private static final String KEY = "k".repeat(20) + "0123456789abcdef";
    private static final String INTERNAL = "i".repeat(20) + "0123456789abcdef";

    private static Secrets check(boolean dev, String user, String password, String key, String internal) {
        return StartupChecks.check(
                new BootstrapProperties(new BootstrapProperties.Admin(user, password), key, internal), dev, POLICY);
    }

    @Test
    void strictMode_withEverythingSet_passes() {
        Secrets secrets = check(false, "Root", "Long-Enough-Phrase-1", KEY, INTERNAL);

        assertThat(secrets.adminUsername()).isEqualTo("root");
        assertThat(secrets.devMode()).isFalse();
        assertThat(secrets.toString()).doesNotContain("Long-Enough-Phrase-1", KEY, INTERNAL);
    }

    @Test
    void strictMode_refusesShortSecrets_andTheWellKnownDevelopmentValues() {
        assertThatThrownBy(
                        () -> check(false, "admin", "Long-Enough-Phrase-1", "short", StartupChecks.DEV_INTERNAL_SECRET))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("SHOPWATCH_SECRET_KEY must have at least 32 characters")
                .hasMessageContaining("SHOPWATCH_INTERNAL_SECRET must have at least 32 characters");
    }

    @Test
    void strictMode_refusesAWeakAdminPassword_andABadUserName() {
        assertThatThrownBy(() -> check(false, "admin", "password1234", KEY, INTERNAL))
                .hasMessageContaining("SHOPWATCH_ADMIN_PASSWORD is weak");
        assertThatThrownBy(() -> check(false, "bad name", "Long-Enough-Phrase-1", KEY, INTERNAL))
                .hasMessageContaining("SHOPWATCH_ADMIN_USER");
    }

    @Test
    void devMode_fillsInTheDevelopmentValues_andAcceptsAWeakPassword() {
        Secrets filled = check(true, null, null, null, null);
        Secrets weak = check(true, "admin", "admin", null, null);

        assertThat(filled.adminUsername()).isEqualTo("admin");
        assertThat(filled.adminPassword()).isEqualTo(StartupChecks.DEV_ADMIN_PASSWORD);
        assertThat(filled.secretKey()).isEqualTo(StartupChecks.DEV_SECRET_KEY);
        assertThat(filled.internalSecret()).isEqualTo(StartupChecks.DEV_INTERNAL_SECRET);
        assertThat(weak.adminPassword()).isEqualTo("admin");
    }
}
