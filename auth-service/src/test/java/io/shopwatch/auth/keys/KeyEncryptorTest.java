package io.shopwatch.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyEncryptorTest {

    private final KeyEncryptor encryptor = new KeyEncryptor("a-secret-of-more-than-32-characters!");
    private final byte[] plain = "private key bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void decrypt_returnsWhatWasEncrypted() {
        byte[] sealed = encryptor.encrypt(plain, "kid-1");

        assertThat(sealed).isNotEqualTo(plain);
        assertThat(encryptor.decrypt(sealed, "kid-1")).isEqualTo(plain);
    }

    @Test
    void encrypt_usesAFreshNonceEachTime() {
        assertThat(encryptor.encrypt(plain, "kid-1")).isNotEqualTo(encryptor.encrypt(plain, "kid-1"));
    }

    @Test
    void decrypt_refusesAnotherSecret_anotherKid_andAlteredData() {
        byte[] sealed = encryptor.encrypt(plain, "kid-1");
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> new KeyEncryptor("another-secret-of-32-characters!!!!").decrypt(sealed, "kid-1"))
                .isInstanceOf(KeyEncryptor.KeyDecryptionException.class)
                .hasMessageContaining("SHOPWATCH_SECRET_KEY");
        assertThatThrownBy(() -> encryptor.decrypt(sealed, "kid-2"))
                .isInstanceOf(KeyEncryptor.KeyDecryptionException.class);
        assertThatThrownBy(() -> encryptor.decrypt(altered, "kid-1"))
                .isInstanceOf(KeyEncryptor.KeyDecryptionException.class);
    }
}
