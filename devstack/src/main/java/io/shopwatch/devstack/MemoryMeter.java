package io.shopwatch.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resident memory of the stack: this process and every descendant (services, Kafka, PostgreSQL's processes). */
final class MemoryMeter {

    private MemoryMeter() {}

    static long totalRssBytes() {
        return Stream.concat(
                        Stream.of(ProcessHandle.current()),
                        ProcessHandle.current().descendants())
                .mapToLong(p -> rssBytes(p.pid()))
                .sum();
    }

    static long rssBytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                    .orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0L; // not Linux, or the process is gone
        }
    }
}
