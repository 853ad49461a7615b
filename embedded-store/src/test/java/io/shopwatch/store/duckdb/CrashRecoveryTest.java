package io.shopwatch.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store process killed with SIGKILL right after acknowledging batches loses none of them: the restarted store has
 * every acknowledged record, and batches are whole (a batch is one transaction).
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void kill9_afterAcknowledgedIngest_losesNothing() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xshare:off");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashIngestMain.class.getName());
        command.add(dir.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        long acked = 0;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("acked ")) {
                    acked = Long.parseLong(line.substring(6).trim());
                    if (acked >= 3_000) {
                        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no checkpoint
                        break;
                    }
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acked)
                .as("the child acknowledged batches before it was killed")
                .isGreaterThanOrEqualTo(3_000);

        try (StoreFixture store = new StoreFixture(dir, new StoreFixture.MutableClock(Instant.now()))) {
            long stored = store.count("default", "crash");
            assertThat(stored).isGreaterThanOrEqualTo(acked);
            assertThat(stored % 100).as("batches are atomic").isZero();
        }
    }
}
