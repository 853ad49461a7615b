package io.shopwatch.auth.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy(12);

    @Test
    void violations_acceptLongPassphrases() {
        assertThat(policy.violations("correct horse battery staple", "alice")).isEmpty();
        assertThat(policy.violations("Tr0ub4dor&3-extended", "alice")).isEmpty();
    }

    @Test
    void violations_refuseShortPasswords() {
        assertThat(policy.violations("Sh0rt-pass", "alice"))
                .containsExactly("password must have at least 12 characters");
    }

    @Test
    void violations_refuseCommonWordsWithDigitsAndSymbolsAdded() {
        assertThat(policy.violations("Password1234!", "alice")).anyMatch(v -> v.contains("common word"));
        assertThat(policy.violations("P@ssw0rd-2024-2025", "alice")).anyMatch(v -> v.contains("common word"));
        assertThat(policy.violations("123456789012", "alice")).anyMatch(v -> v.contains("common word"));
    }

    @Test
    void violations_refuseTooFewDistinctCharacters() {
        assertThat(policy.violations("abababababababab", "alice")).anyMatch(v -> v.contains("different characters"));
    }

    @Test
    void violations_refuseTheUserName() {
        assertThat(policy.violations("alice-is-the-best-user", "Alice"))
                .contains("password must not contain the user name");
    }

    @Test
    void violations_refuseOverlongAndMissingPasswords() {
        assertThat(policy.violations("x1-".repeat(50), "alice")).contains("password must have at most 128 characters");
        assertThat(policy.violations(null, "alice")).containsExactly("password is required");
    }

    @Test
    void minimumLength_isBounded() {
        assertThatThrownBy(() -> new PasswordPolicy(4)).isInstanceOf(IllegalArgumentException.class);
    }
}
