package io.shopwatch.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resident memory of the stack: the launcher and every process it started (services, Kafka), and PostgreSQL's
 * processes, which are not among the launcher's descendants (the postmaster detaches from the process that starts
 * it). PostgreSQL's processes are counted by their proportional share ({@code Pss}): its ~50 backends map the same
 * binary and shared buffers, ~16 MB of resident pages each of which 2 MB are their own, so the sum of their resident
 * sizes counts the shared pages fifty times (about 1 GB for ~100 MB of memory).
 */
final class MemoryMeter {

    private MemoryMeter() {}

    /** What the stack uses, in bytes: the JVMs' resident memory, and PostgreSQL's. */
    record StackMemory(long processes, long postgres) {
        long total() {
            return processes + postgres;
        }

        /** PostgreSQL's share named; none when it is not the stack's own (an external one, or not started). */
        String describe() {
            return postgres == 0
                    ? String.format("%d MiB (no PostgreSQL of the stack's own counted)", total() >> 20)
                    : String.format(
                            "%d MiB (PostgreSQL's processes %d MiB of it, by their proportional share)",
                            total() >> 20, postgres >> 20);
        }
    }

    /**
     * @param launcher the launcher's process (this one, when it is the launcher)
     * @param postgresDir PostgreSQL's data directory, whose {@code postmaster.pid} names the postmaster
     */
    static StackMemory measure(ProcessHandle launcher, Path postgresDir) {
        long processes = Stream.concat(Stream.of(launcher), launcher.descendants())
                .mapToLong(p -> statusField(p.pid(), "status", "VmRSS:"))
                .sum();
        long postgres = postmaster(postgresDir)
                .map(p -> Stream.concat(Stream.of(p), p.descendants())
                        .mapToLong(q -> statusField(q.pid(), "smaps_rollup", "Pss:"))
                        .sum())
                .orElse(0L);
        return new StackMemory(processes, postgres);
    }

    static Optional<ProcessHandle> postmaster(Path postgresDir) {
        return PidFile.liveProcess(postgresDir.resolve("postmaster.pid"));
    }

    /** A {@code kB} field of {@code /proc/<pid>/<file>}, in bytes; 0 where there is none. */
    private static long statusField(long pid, String file, String field) {
        Path path = Path.of("/proc", Long.toString(pid), file);
        try (Stream<String> lines = Files.lines(path)) {
            return lines.filter(l -> l.startsWith(field))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                    .orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0L; // not Linux, or the process is gone
        }
    }
}
