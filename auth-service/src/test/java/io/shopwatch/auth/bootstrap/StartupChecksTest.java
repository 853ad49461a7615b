package io.shopwatch.auth.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.auth.user.PasswordPolicy;
import org.junit.jupiter.api.Test;

class StartupChecksTest {

    private static final PasswordPolicy POLICY = new PasswordPolicy(12);
    private static final String KEY = "k".repeat(20) + "0123456789abcdef";
    private static final String INTERNAL = "i".repeat(20) + "0123456789abcdef";

    private static BootstrapProperties props(boolean dev, String user, String password, String key, String internal) {
        return new BootstrapProperties(dev, new BootstrapProperties.Admin(user, password), key, internal);
    }

    @Test
    void strictMode_withEverythingSet_passes() {
        Secrets secrets = StartupChecks.check(props(false, "Root", "Long-Enough-Phrase-1", KEY, INTERNAL), POLICY);

        assertThat(secrets.adminUsername()).isEqualTo("root");
        assertThat(secrets.devMode()).isFalse();
        assertThat(secrets.toString()).doesNotContain("Long-Enough-Phrase-1", KEY, INTERNAL);
    }

    @Test
    void strictMode_refusesShortSecrets_andTheWellKnownDevelopmentValues() {
        assertThatThrownBy(() -> StartupChecks.check(
                        props(false, "admin", "Long-Enough-Phrase-1", "short", StartupChecks.DEV_INTERNAL_SECRET),
                        POLICY))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("SHOPWATCH_SECRET_KEY must have at least 32 characters")
                .hasMessageContaining("SHOPWATCH_INTERNAL_SECRET must have at least 32 characters");
    }

    @Test
    void strictMode_refusesAWeakAdminPassword_andABadUserName() {
        assertThatThrownBy(() -> StartupChecks.check(props(false, "admin", "password1234", KEY, INTERNAL), POLICY))
                .hasMessageContaining("SHOPWATCH_ADMIN_PASSWORD is weak");
        assertThatThrownBy(() ->
                        StartupChecks.check(props(false, "bad name", "Long-Enough-Phrase-1", KEY, INTERNAL), POLICY))
                .hasMessageContaining("SHOPWATCH_ADMIN_USER");
    }

    @Test
    void devMode_fillsInTheDevelopmentValues_andAcceptsAWeakPassword() {
        Secrets filled = StartupChecks.check(props(true, null, null, null, null), POLICY);
        Secrets weak = StartupChecks.check(props(true, "admin", "admin", null, null), POLICY);

        assertThat(filled.adminUsername()).isEqualTo("admin");
        assertThat(filled.adminPassword()).isEqualTo(StartupChecks.DEV_ADMIN_PASSWORD);
        assertThat(filled.secretKey()).isEqualTo(StartupChecks.DEV_SECRET_KEY);
        assertThat(filled.internalSecret()).isEqualTo(StartupChecks.DEV_INTERNAL_SECRET);
        assertThat(weak.adminPassword()).isEqualTo("admin");
    }
}
