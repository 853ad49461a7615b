package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    private static final List<String> PRINT_ARENAS = List.of("sh", "-c", "echo arenas=$MALLOC_ARENA_MAX");

    @Test
    void aProcessGetsTwoMallocArenas_unlessTheOperatorSetThem(@TempDir Path data) throws Exception {
        String expected = System.getenv().getOrDefault("MALLOC_ARENA_MAX", ManagedProcess.MALLOC_ARENAS);

        assertThat(run(data, Map.of())).contains("arenas=" + expected);
    }

    @Test
    void theProcessesOwnEnvironmentWins(@TempDir Path data) throws Exception {
        assertThat(run(data, Map.of("MALLOC_ARENA_MAX", "4"))).contains("arenas=4");
    }

    private static String run(Path data, Map<String, String> environment) throws Exception {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("DEVSTACK_DATA_DIR", data.toString()));
        ManagedProcess process = ManagedProcess.start("arenas", PRINT_ARENAS, environment, data, settings);
        assertThat(process.awaitExit(Duration.ofSeconds(30))).isTrue();
        return process.logTail(5);
    }
}
