package io.shopwatch.backup.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.backup.BackupTestSupport;
import io.shopwatch.backup.target.BackupTarget;
import io.shopwatch.backup.target.BackupTargets;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** With a key configured (the test context has one), a set's files are encrypted at rest and verify decrypts them. */
class EncryptedSetTest extends BackupTestSupport {

    @Autowired
    BackupTargets targets;

    @Test
    void filesAreEncrypted_manifestNamesTheKey_fullVerifyDecrypts() throws Exception {
        String org = "encrypted";
        alphaState().put(org, "rules", "r1", "a rule whose text must not be readable on disk");
        String id = awaitSuccess(startJob(
                        org, "/api/v1/backups", Map.of("kind", "state", "services", java.util.List.of("alpha"))))
                .backupId();

        Path file = backupDir().resolve(id).resolve("state/alpha.ndjson.gz");
        byte[] stored = Files.readAllBytes(file);
        assertThat(Arrays.copyOf(stored, 4)).isEqualTo("SWE1".getBytes());
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("readable");
        String manifest = Files.readString(backupDir().resolve(id).resolve(Manifest.FILE));
        assertThat(manifest)
                .contains("\"encryption\" : \""
                        + FileCipher.fromBase64(ENCRYPTION_KEY).label() + "\"");

        awaitSuccess(startJob(org, "/api/v1/backups/" + id + "/verify", Map.of("mode", "full")));
    }

    /**
     * Key rotation on a set the service wrote: after the key is replaced, with the old one kept as a previous key, a
     * full check of every file decrypts; without it, each file's problem names the missing key.
     */
    @Test
    void aSetOfAPreviousKey_isReadAfterRotation_andRefusedByNameWithoutIt() throws Exception {
        String org = "rotated";
        alphaState().put(org, "rules", "r1", "cpu > 95");
        String id = awaitSuccess(
                        startJob(org, "/api/v1/backups", Map.of("kind", "state", "services", List.of("alpha"))))
                .backupId();
        Manifest manifest;
        try (InputStream in = Files.newInputStream(backupDir().resolve(id).resolve(Manifest.FILE))) {
            manifest = ManifestCodec.read(in);
        }
        FileCipher old = FileCipher.fromBase64(ENCRYPTION_KEY);
        assertThat(manifest.encryption()).isEqualTo(old.label());
        String newKey = Base64.getEncoder().encodeToString(new byte[32]);
        FileCipher rotated = FileCipher.fromBase64(newKey, List.of(ENCRYPTION_KEY));
        FileCipher newOnly = FileCipher.fromBase64(newKey);
        BackupTarget target = targets.get("local");

        assertThat(manifest.files()).isNotEmpty();
        for (Manifest.FileEntry file : manifest.files()) {
            assertThat(FileCheck.check(target, id, file, true, rotated, manifest.encryption()))
                    .isNull();
            assertThat(FileCheck.check(target, id, file, true, newOnly, manifest.encryption()))
                    .contains("encrypted with key " + old.label() + ", which is not configured");
        }
    }
}
