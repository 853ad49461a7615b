package io.shopwatch.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentityHeadersTest {

    @Test
    void bearer_extractsTheCredential() {
        assertThat(IdentityHeaders.bearer("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
        assertThat(IdentityHeaders.bearer("bearer   swk_x ")).isEqualTo("swk_x");
        assertThat(IdentityHeaders.bearer("Basic dXNlcjpwYXNz")).isNull();
        assertThat(IdentityHeaders.bearer("Bearer ")).isNull();
        assertThat(IdentityHeaders.bearer(null)).isNull();
    }

    @Test
    void isApiKey_tellsKeysFromJwts() {
        assertThat(IdentityHeaders.isApiKey("swk_abcdefghijkl_secret")).isTrue();
        assertThat(IdentityHeaders.isApiKey("eyJhbGciOiJSUzI1NiJ9.e30.sig")).isFalse();
    }

    @Test
    void internalSecret_matchesOnlyTheExactValue() {
        assertThat(InternalSecret.matches("s3cret-value", "s3cret-value")).isTrue();
        assertThat(InternalSecret.matches("s3cret-value", "s3cret-valu")).isFalse();
        assertThat(InternalSecret.matches("s3cret-value", null)).isFalse();
        assertThat(InternalSecret.matches("", "")).isFalse();
    }
}
