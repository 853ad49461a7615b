package io.shopwatch.backup.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.backup.set.FileCheck;
import io.shopwatch.backup.set.Manifest.FileEntry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The S3 target against an in-process S3-compatible server: single PUT, multipart, checks, missing keys, deletes. */
class S3TargetTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void bucket() {
        InProcessS3.createBucket("target-test");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void multipartUpload_roundTripsByteForByte_inBothChecksumModes(boolean checksumsWhenRequired) throws Exception {
        String prefix = "mode-" + checksumsWhenRequired;
        try (S3Target target = new S3Target(InProcessS3.settings("target-test", prefix, checksumsWhenRequired))) {
            // 11 MiB of incompressible records, gzip NDJSON like a backup file: three parts of 5, 5 and ~1 MiB
            Random random = new Random(42);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            long records = 0;
            try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
                while (raw.size() < 11 * 1024 * 1024) {
                    byte[] noise = new byte[2048];
                    random.nextBytes(noise);
                    gz.write(
                            ("{\"n\":" + records + ",\"x\":\"" + HexFormat.of().formatHex(noise) + "\"}\n").getBytes());
                    records++;
                }
            }
            byte[] big = raw.toByteArray();
            Path file = dir.resolve("big.ndjson.gz");
            Files.write(file, big);
            target.put("bk-1/data/s/0-1.ndjson.gz", file);

            assertThat(target.size("bk-1/data/s/0-1.ndjson.gz")).hasValue(big.length);
            try (InputStream in = target.open("bk-1/data/s/0-1.ndjson.gz")) {
                assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(big));
            }
            assertThat(target.storedSha256("bk-1/data/s/0-1.ndjson.gz")).hasValue(sha256(big));
            FileEntry entry =
                    new FileEntry("data/s/0-1.ndjson.gz", "s", "logs", 0, 1, 0, 0, records, big.length, sha256(big));
            assertThat(FileCheck.check(target, "bk-1", entry, true)).isNull();

            // a small file goes up in one PUT
            Path small = dir.resolve("manifest.json");
            Files.writeString(small, "{\"sha256\":\"x\"}");
            target.put("bk-1/manifest.json", small);
            try (InputStream in = target.open("bk-1/manifest.json")) {
                assertThat(new String(in.readAllBytes())).isEqualTo("{\"sha256\":\"x\"}");
            }

            // a wrong hash or a wrong count is caught by the full check
            FileEntry wrongCount = new FileEntry(
                    "data/s/0-1.ndjson.gz", "s", "logs", 0, 1, 0, 0, records + 1, big.length, sha256(big));
            assertThat(FileCheck.check(target, "bk-1", wrongCount, true)).contains("records");

            target.deletePrefix("bk-1/");
            assertThat(target.size("bk-1/manifest.json")).isEmpty();
            assertThat(FileCheck.check(target, "bk-1", entry, false)).endsWith(": missing");
            assertThatThrownBy(() -> target.open("bk-1/manifest.json")).isInstanceOf(NoSuchFileException.class);
        }
    }
}
