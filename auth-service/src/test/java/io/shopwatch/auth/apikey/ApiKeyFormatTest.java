package io.shopwatch.auth.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    @Test
    void generate_makesKeysThatParseBackAndMatchTheirHash() {
        ApiKeyFormat.NewKey key = ApiKeyFormat.generate(new SecureRandom());

        assertThat(key.value()).matches("swk_[a-z2-7]{12}_[A-Za-z0-9_-]{43}");
        ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(key.value()).orElseThrow();
        assertThat(parsed.id()).isEqualTo(key.id());
        assertThat(ApiKeyFormat.matches(parsed.secret(), key.secretHash())).isTrue();
        assertThat(ApiKeyFormat.matches(parsed.secret() + "x", key.secretHash()))
                .isFalse();
        assertThat(key.toString()).doesNotContain(parsed.secret());
    }

    @Test
    void parse_refusesAnythingElse() {
        assertThat(ApiKeyFormat.parse("swk_short_secret")).isEmpty();
        assertThat(ApiKeyFormat.parse("eyJhbGciOiJSUzI1NiJ9.e30.sig")).isEmpty();
        assertThat(ApiKeyFormat.parse(null)).isEmpty();
        assertThat(ApiKeyFormat.parse("swk_" + "a".repeat(200))).isEmpty();
    }
}
