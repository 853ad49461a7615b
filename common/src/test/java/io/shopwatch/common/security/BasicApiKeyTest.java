package io.shopwatch.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicApiKeyTest {

    private static final String KEY = "swk_k1k1k1k1k1k1_" + "a".repeat(43);

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void from_basicWithAnApiKeyAsPassword_givesTheKey_whateverTheUser() {
        assertThat(BasicApiKey.from(basic("shop-a:" + KEY))).isEqualTo(KEY);
        assertThat(BasicApiKey.from(basic("root@example.com:" + KEY))).isEqualTo(KEY);
        assertThat(BasicApiKey.from(basic(":" + KEY))).isEqualTo(KEY);
        assertThat(BasicApiKey.from("basic " + basic("u:" + KEY).substring(6))).isEqualTo(KEY);
    }

    @Test
    void from_anythingElse_givesNothing() {
        assertThat(BasicApiKey.from(null)).isNull();
        assertThat(BasicApiKey.from("Bearer " + KEY)).isNull();
        assertThat(BasicApiKey.from(basic("user:a-password")))
                .as("passwords are never taken")
                .isNull();
        assertThat(BasicApiKey.from(basic(KEY))).as("no colon").isNull();
        assertThat(BasicApiKey.from("Basic %%%not-base64")).isNull();
        assertThat(BasicApiKey.from("Basic ")).isNull();
    }
}
