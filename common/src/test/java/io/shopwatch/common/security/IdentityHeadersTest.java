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

    @Test
    void basicApiKey_isThePasswordWhenItIsAnApiKey() {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("otel:swk_abc".getBytes());
        assertThat(IdentityHeaders.basicApiKey(basic)).isEqualTo("swk_abc");
        assertThat(IdentityHeaders.basicApiKey(
                        "basic " + java.util.Base64.getEncoder().encodeToString(":swk_x".getBytes())))
                .isEqualTo("swk_x");
        assertThat(IdentityHeaders.basicApiKey(
                        "Basic " + java.util.Base64.getEncoder().encodeToString("u:pass".getBytes())))
                .as("a password that is no API key")
                .isNull();
        assertThat(IdentityHeaders.basicApiKey("Basic !!!")).isNull();
        assertThat(IdentityHeaders.basicApiKey("Bearer swk_abc")).isNull();
        assertThat(IdentityHeaders.basicApiKey(null)).isNull();
    }

    @Test
    void credential_takesBearerThenBasicThenTheApiKeyHeader() {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("otel:swk_basic".getBytes());
        assertThat(IdentityHeaders.credential("Bearer eyJ.a.b", "swk_header")).isEqualTo("eyJ.a.b");
        assertThat(IdentityHeaders.credential(basic, "swk_header")).isEqualTo("swk_basic");
        assertThat(IdentityHeaders.credential(null, " swk_header ")).isEqualTo("swk_header");
        assertThat(IdentityHeaders.credential(null, null)).isNull();
    }
}
