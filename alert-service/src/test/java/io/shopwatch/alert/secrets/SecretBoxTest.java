package io.shopwatch.alert.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-256-GCM values at rest: format, associated data, key ids, rotation and the key file. */
class SecretBoxTest {

    private static final String TEXT = "receivers: [{name: r, dingtalk_configs: [{secret: SECabc}]}]";

    static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void encrypt_writesTheVersionedFormatAndDecryptsBack() {
        byte[] key = key();
        SecretBox box = new SecretBox(key, List.of());

        String stored = box.encrypt(TEXT, "acme");

        assertThat(stored).startsWith("swenc:v1:" + SecretBox.keyId(key) + ":").doesNotContain("SECabc");
        assertThat(box.keyId()).matches("[0-9a-f]{8}");
        byte[] sealed = Base64.getDecoder().decode(stored.substring(stored.lastIndexOf(':') + 1));
        assertThat(sealed).hasSize(12 + TEXT.length() + 16);
        assertThat(box.decrypt(stored, "acme")).isEqualTo(TEXT);
        assertThat(box.encrypt(TEXT, "acme")).as("a fresh IV per value").isNotEqualTo(stored);
    }

    @Test
    void decrypt_plainTextStoredBeforeEncryption_isReturnedAsItIs() {
        SecretBox box = new SecretBox(key(), List.of());
        assertThat(box.decrypt(TEXT, "acme")).isEqualTo(TEXT);
        assertThat(SecretBox.isEncrypted(TEXT)).isFalse();
    }

    @Test
    void decrypt_anotherOrgsValueOrAlteredValue_fails() {
        SecretBox box = new SecretBox(key(), List.of());
        String stored = box.encrypt(TEXT, "acme");

        assertThatThrownBy(() -> box.decrypt(stored, "other"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not decrypt with key " + box.keyId());
        // flip one bit of the sealed bytes (editing a base64 character may only touch padding bits)
        int colon = stored.lastIndexOf(':');
        byte[] sealed = java.util.Base64.getDecoder().decode(stored.substring(colon + 1));
        sealed[sealed.length - 1] ^= 1;
        String altered =
                stored.substring(0, colon + 1) + java.util.Base64.getEncoder().encodeToString(sealed);
        assertThatThrownBy(() -> box.decrypt(altered, "acme")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void decrypt_unknownKey_namesTheKeyIdAndNeverTheValue() {
        SecretBox old = new SecretBox(key(), List.of());
        SecretBox other = new SecretBox(key(), List.of());
        String stored = old.encrypt(TEXT, "acme");

        assertThatThrownBy(() -> other.decrypt(stored, "acme"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("encrypted with key " + old.keyId())
                .hasMessageContaining("ALERT_SECRETS_PREVIOUS_KEYS")
                .hasMessageNotContaining(stored.substring(20));
    }

    @Test
    void rotation_readsValuesOfPreviousKeysAndWritesWithTheCurrentOne() {
        byte[] oldKey = key();
        byte[] newKey = key();
        String before = new SecretBox(oldKey, List.of()).encrypt(TEXT, "acme");
        SecretBox rotated = SecretBox.fromBase64(
                Base64.getEncoder().encodeToString(newKey),
                List.of(Base64.getEncoder().encodeToString(oldKey)));

        assertThat(rotated.decrypt(before, "acme")).isEqualTo(TEXT);
        assertThat(rotated.isCurrent(before)).isFalse();
        String after = rotated.encrypt(TEXT, "acme");
        assertThat(SecretBox.keyIdOf(after)).isEqualTo(SecretBox.keyId(newKey));
        assertThat(rotated.keyIds()).containsExactlyInAnyOrder(SecretBox.keyId(newKey), SecretBox.keyId(oldKey));
    }

    @Test
    void fromBase64_badKey_namesTheSettingNotTheValue() {
        assertThatThrownBy(() -> SecretBox.fromBase64("not base64 !!", List.of()))
                .hasMessageContaining("ALERT_SECRETS_KEY")
                .hasMessageNotContaining("not base64 !!");
        assertThatThrownBy(() -> SecretBox.fromBase64(Base64.getEncoder().encodeToString(new byte[16]), List.of()))
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> SecretBox.fromBase64(Base64.getEncoder().encodeToString(key()), List.of("c2hvcnQ=")))
                .hasMessageContaining("ALERT_SECRETS_PREVIOUS_KEYS");
    }

    @Test
    void fromKeyFile_createsAnOwnerOnlyKeyOnceAndKeepsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/alert-service/alert-secrets.key");

        SecretBox first = SecretBox.fromKeyFile(file, List.of());
        SecretBox second = SecretBox.fromKeyFile(file, List.of());

        assertThat(file).exists();
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(second.decrypt(first.encrypt(TEXT, "acme"), "acme")).isEqualTo(TEXT);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }
}
