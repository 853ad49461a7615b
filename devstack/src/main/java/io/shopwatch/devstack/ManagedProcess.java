package io.shopwatch.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A child process of the stack with its own log file and pid file; stopped gently, then forcibly. */
final class ManagedProcess {

    private static final Logger log = LoggerFactory.getLogger(ManagedProcess.class);

    /**
     * glibc's malloc arenas per process, unless the operator's environment sets {@code MALLOC_ARENA_MAX}. By default a
     * process gets up to eight per core, one per thread that allocates at once, each keeping its own free memory: the
     * JVMs' native allocations (Netty, DuckDB, the JIT compilers) then hold 11–54 MiB of arenas per process. Two
     * brought the stack from 4,085–4,216 MiB to 3,891 MiB after one {@code bench-ingest} run (docs/benchmarks.md,
     * "2026-12-07, towards midnight").
     */
    static final String MALLOC_ARENAS = "2";

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ManagedProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    static ManagedProcess start(
            String name, List<String> command, Map<String, String> environment, Path workDir, StackSettings settings)
            throws IOException {
        Files.createDirectories(settings.logDir());
        Files.createDirectories(settings.pidDir());
        Path logFile = settings.logDir().resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENAS);
        builder.environment().putAll(environment);
        Process process = builder.start();
        Path pidFile = settings.pidDir().resolve(name + ".pid");
        Files.writeString(pidFile, Long.toString(process.pid()));
        return new ManagedProcess(name, process, logFile, pidFile);
    }

    String name() {
        return name;
    }

    /**
     * Kills a running stack process with {@code kill -9}, found by its pid file (a crash, for the crash tests; the
     * launcher restarts it).
     *
     * @return whether a process was found and killed
     */
    static boolean killHard(StackSettings settings, String name) throws IOException {
        Path pidFile = settings.pidDir().resolve(name + ".pid");
        if (!Files.exists(pidFile)) {
            log.warn("no pid file for {}; is the stack running?", name);
            return false;
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return false;
        }
        log.info("kill -9 {} (pid {})", name, pid);
        return process.get().destroyForcibly();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** The last lines of the log, for a message when the process died on start. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    /** Waits for a process that ends by itself (a tool run); false when it is still running after the timeout. */
    boolean awaitExit(Duration timeout) throws InterruptedException, IOException {
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Files.deleteIfExists(pidFile);
        return exited && process.exitValue() == 0;
    }

    /**
     * Asks the process and its children to stop (SIGTERM), waits, then kills what is left.
     *
     * @return false when the process had to be killed
     */
    boolean stop(Duration grace) {
        boolean stoppedByItself = true;
        if (process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("{} did not stop within {} s; killing it", name, grace.toSeconds());
                    stoppedByItself = false;
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stoppedByItself = false;
                process.destroyForcibly();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is cleaned up by the next start
        }
        return stoppedByItself;
    }
}
