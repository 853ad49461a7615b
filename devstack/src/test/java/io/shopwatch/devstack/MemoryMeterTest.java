package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryMeterTest {

    @Test
    void withoutPostgres_theLaunchersProcessesOnly(@TempDir Path postgresDir) {
        MemoryMeter.StackMemory memory = MemoryMeter.measure(ProcessHandle.current(), postgresDir);

        assertThat(memory.processes()).isGreaterThan(16L << 20); // a JVM
        assertThat(memory.postgres()).isZero();
        assertThat(memory.total()).isEqualTo(memory.processes());
        assertThat(memory.describe()).endsWith("MiB (no PostgreSQL of the stack's own counted)");
    }

    /** The postmaster's pid file names this JVM here: its proportional share is counted as PostgreSQL's. */
    @Test
    void thePostmasterOfTheDataDirectory_countedByItsProportionalShare(@TempDir Path postgresDir) throws Exception {
        Files.writeString(
                postgresDir.resolve("postmaster.pid"),
                ProcessHandle.current().pid() + "\n" + postgresDir + "\n1765000000\n15432\n");

        MemoryMeter.StackMemory memory = MemoryMeter.measure(ProcessHandle.current(), postgresDir);

        assertThat(memory.postgres()).isGreaterThan(16L << 20).isLessThanOrEqualTo(memory.processes());
        assertThat(memory.describe()).contains("PostgreSQL's processes " + (memory.postgres() >> 20) + " MiB");
    }

    @Test
    void aPidFileThatNamesNoProcess_noPostgres(@TempDir Path postgresDir) throws Exception {
        Files.writeString(postgresDir.resolve("postmaster.pid"), "not-a-pid\n");

        assertThat(MemoryMeter.postmaster(postgresDir)).isEmpty();
    }
}
