package io.shopwatch.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A pid file's process: the launcher's {@code devstack.pid}, PostgreSQL's {@code postmaster.pid}. */
final class PidFile {

    private PidFile() {}

    /**
     * The live process whose pid is the file's first line (PostgreSQL's file has more lines after it); empty when the
     * file is missing, unreadable or names no live process.
     */
    static Optional<ProcessHandle> liveProcess(Path pidFile) {
        try {
            String first =
                    Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
