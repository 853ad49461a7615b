package io.shopwatch.backup.set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileCipherTest {

    private static final FileCipher CIPHER = FileCipher.fromBase64(key(1));

    @TempDir
    Path dir;

    private static String key(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private byte[] sealed(byte[] plain) throws IOException {
        Path in = Files.write(dir.resolve("plain"), plain);
        Path out = dir.resolve("sealed");
        CIPHER.encrypt(in, out);
        return Files.readAllBytes(out);
    }

    private static byte[] open(FileCipher cipher, byte[] stored) throws IOException {
        try (InputStream in = cipher.open(CIPHER.label(), new ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, FileCipher.SEGMENT - 1, FileCipher.SEGMENT, FileCipher.SEGMENT + 1, 200_000})
    void encrypt_thenOpen_givesThePlainBytes(int size) throws IOException {
        byte[] plain = new byte[size];
        new Random(size).nextBytes(plain);

        byte[] stored = sealed(plain);

        assertThat(Arrays.copyOf(stored, 4)).isEqualTo("SWE1".getBytes());
        assertThat(open(CIPHER, stored)).isEqualTo(plain);
    }

    @Test
    void aChangedByte_doesNotAuthenticate() throws IOException {
        byte[] stored = sealed(new byte[100_000]);
        stored[stored.length / 2] ^= 1;
        assertThatThrownBy(() -> open(CIPHER, stored)).isInstanceOf(IOException.class);
    }

    @Test
    void aFileCutAtASegmentBoundary_doesNotAuthenticate() throws IOException {
        byte[] stored = sealed(new byte[FileCipher.SEGMENT * 2 + 10]);
        // header (12) + first segment (4 + SEGMENT + 16): a whole first segment, nothing after it
        byte[] cut = Arrays.copyOf(stored, 12 + 4 + FileCipher.SEGMENT + 16);
        assertThatThrownBy(() -> open(CIPHER, cut)).isInstanceOf(IOException.class);
    }

    @Test
    void anotherKey_orNoKey_isRefusedByName() throws IOException {
        byte[] stored = sealed(new byte[10]);
        FileCipher other = FileCipher.fromBase64(key(2));
        assertThatThrownBy(() -> open(other, stored))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(CIPHER.label());
        assertThatThrownBy(() -> open(FileCipher.none(), stored))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no encryption key");
    }

    @Test
    void labels_nameTheKeyNotShowIt() {
        assertThat(CIPHER.label()).startsWith("AES-256-GCM:").hasSize("AES-256-GCM:".length() + 16);
        assertThat(CIPHER.label()).isNotEqualTo(FileCipher.fromBase64(key(2)).label());
        assertThat(FileCipher.none().label()).isNull();
        assertThatThrownBy(() -> FileCipher.fromBase64("c2hvcnQ=")).hasMessageContaining("32 bytes");
    }

    @Test
    void withoutAKey_filesAreStoredAsWritten() throws IOException {
        Path plain = Files.write(dir.resolve("p"), new byte[] {1, 2, 3});
        FileCipher.Stored stored = FileCipher.none().store(plain, 3, "abc", dir);
        assertThat(stored).isEqualTo(new FileCipher.Stored(plain, 3, "abc"));
        InputStream in = new ByteArrayInputStream(new byte[] {1});
        assertThat(FileCipher.none().open(null, in)).isSameAs(in);
        assertThat(CIPHER.open(null, in)).isSameAs(in);
    }

    @Test
    void rotation_newFilesUseTheCurrentKey_andFilesOfAPreviousKeyStayReadable() throws IOException {
        byte[] plain = new byte[FileCipher.SEGMENT + 5];
        new Random(7).nextBytes(plain);
        byte[] underKey1 = sealed(plain);
        FileCipher rotated = FileCipher.fromBase64(key(2), List.of(key(1)));

        assertThat(rotated.enabled()).isTrue();
        assertThat(rotated.label()).isEqualTo(FileCipher.fromBase64(key(2)).label());
        assertThat(rotated.readableLabels()).containsExactly(rotated.label(), CIPHER.label());
        assertThat(open(rotated, underKey1)).isEqualTo(plain);

        Path in = Files.write(dir.resolve("plain2"), plain);
        Path out = dir.resolve("sealed2");
        rotated.encrypt(in, out);
        try (InputStream opened = rotated.open(rotated.label(), Files.newInputStream(out))) {
            assertThat(opened.readAllBytes()).isEqualTo(plain);
        }
        // the old key alone cannot read what the new one wrote
        assertThatThrownBy(() -> CIPHER.open(rotated.label(), Files.newInputStream(out)))
                .hasMessageContaining(rotated.label());
    }

    @Test
    void rotation_aMissingKey_isNamedWithWhatIsConfigured() throws IOException {
        byte[] underKey1 = sealed(new byte[10]);
        FileCipher withoutKey1 = FileCipher.fromBase64(key(3), List.of(key(2)));
        assertThatThrownBy(() -> open(withoutKey1, underKey1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("encrypted with key " + CIPHER.label() + ", which is not configured")
                .hasMessageContaining(withoutKey1.label())
                .hasMessageContaining(FileCipher.fromBase64(key(2)).label())
                .hasMessageContaining("SHOPWATCH_BACKUP_ENCRYPTION_PREVIOUS_KEYS");
    }

    @Test
    void rotation_previousKeysOnly_encryptNothingButRead() throws IOException {
        byte[] underKey1 = sealed(new byte[1000]);
        FileCipher readOnly = FileCipher.fromBase64("", List.of("", key(1), key(1)));
        assertThat(readOnly.enabled()).isFalse();
        assertThat(readOnly.label()).isNull();
        assertThat(readOnly.readableLabels()).containsExactly(CIPHER.label());
        assertThat(open(readOnly, underKey1)).isEqualTo(new byte[1000]);
        assertThat(FileCipher.fromBase64("", List.of("", " "))).isSameAs(FileCipher.none());
        assertThatThrownBy(() -> FileCipher.fromBase64(key(1), List.of(key(2), "c2hvcnQ=")))
                .hasMessageContaining("previous backup encryption key #2");
    }
}
