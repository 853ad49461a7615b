package io.shopwatch.backup.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.backup.BackupTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With a key configured (the test context has one), a set's files are encrypted at rest and verify decrypts them. */
class EncryptedSetTest extends BackupTestSupport {

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
}
