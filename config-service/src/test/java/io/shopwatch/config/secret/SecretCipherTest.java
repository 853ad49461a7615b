package io.shopwatch.config.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private final SecretCipher cipher = new SecretCipher(KEY);

    @Test
    void seal_thenOpen_givesTheClearValue_andNeverContainsIt() {
        String sealed = cipher.seal("s3cret-token");
        assertThat(sealed).startsWith("{cipher}").doesNotContain("s3cret");
        assertThat(cipher.seal("s3cret-token")).isNotEqualTo(sealed); // fresh nonce each time
        assertThat(cipher.open(sealed)).isEqualTo("s3cret-token");
    }

    @Test
    void alteredValue_orOtherKey_doesNotOpen() {
        String sealed = cipher.seal("abc");
        char[] chars = sealed.toCharArray();
        chars[12] = chars[12] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> cipher.open(new String(chars))).isInstanceOf(IllegalArgumentException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(other)).open(sealed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyMustBe32Bytes() {
        assertThatThrownBy(() -> new SecretCipher("c2hvcnQ=")).hasMessageContaining("32 bytes");
    }

    @Test
    void sealer_sealsClearSecrets_andKeepsMaskedOnes() {
        CipherDraftSealer sealer = new CipherDraftSealer(cipher);
        String stored = cipher.seal("old");
        var sealed = sealer.seal(
                new TreeMap<>(Map.of("a", "{cipher}new", "b", "{cipher}******", "c", 1)), Map.of("b", stored));
        assertThat(cipher.open((String) sealed.get("a"))).isEqualTo("new");
        assertThat(sealed.get("b")).isEqualTo(stored);
        assertThat(sealed.get("c")).isEqualTo(1);
    }
}
