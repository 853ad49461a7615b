package io.shopwatch.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class-data sharing for the services' JVMs ({@code DEVSTACK_CDS}, on by default): most of a service's start is the
 * JVM loading and verifying the same few thousand classes each time, on two cores shared by eleven JVMs starting
 * together. A service's jar is extracted once (Spring Boot's {@code -Djarmode=tools extract}: the application jar and
 * its libraries as plain files, which the JDK's class-data sharing can map, unlike classes nested in a jar); its first
 * run records the classes it loaded and writes them to an archive when it exits ({@code -XX:ArchiveClassesAtExit}, so
 * at {@code ./shopwatch stop}); every later run maps that archive ({@code -XX:SharedArchiveFile}). Everything lives in
 * {@code <module>/target/cds/}, next to the jar it was made from, and is made again when the jar changes. A JVM that
 * cannot use an archive (another JDK, a changed class path) says so in its log and starts without it.
 */
final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);

    /** What to run: the JVM options it adds, the jar to start, and whether this run writes the archive at its exit. */
    record Plan(List<String> options, Path jar, boolean recording) {}

    private final String javaCommand;

    ClassDataSharing(String javaCommand) {
        this.javaCommand = javaCommand;
    }

    /**
     * The plan for {@code fatJar}: its extracted copy (extracting it when it is missing or older than the jar) with
     * the archive's option; or the jar itself, with no option, when extracting fails.
     */
    Plan plan(Path fatJar) {
        Path dir = directory(fatJar);
        Path extracted = dir.resolve("app").resolve(fatJar.getFileName());
        Path archive = dir.resolve(archiveName(fatJar));
        try {
            String stamp = stamp(fatJar);
            Path stampFile = dir.resolve("source");
            if (!Files.exists(extracted)
                    || !Files.exists(stampFile)
                    || !Files.readString(stampFile, StandardCharsets.UTF_8).equals(stamp)) {
                extract(fatJar, dir);
                Files.writeString(stampFile, stamp, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            log.warn("{}: starting without class-data sharing ({})", fatJar.getFileName(), e.getMessage());
            return new Plan(List.of(), fatJar, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Plan(List.of(), fatJar, false);
        }
        if (Files.exists(archive)) {
            return new Plan(List.of("-XX:SharedArchiveFile=" + archive), extracted, false);
        }
        return new Plan(List.of("-XX:ArchiveClassesAtExit=" + archive), extracted, true);
    }

    /** Deletes the archive of {@code fatJar} (its JVM was killed while it may have been writing it). */
    static void discardArchive(Path fatJar) throws IOException {
        Files.deleteIfExists(directory(fatJar).resolve(archiveName(fatJar)));
    }

    /** Where a jar's extracted copy and archive live: {@code target/cds/} beside it. */
    static Path directory(Path fatJar) {
        return fatJar.toAbsolutePath().getParent().resolve("cds");
    }

    static String archiveName(Path fatJar) {
        String name = fatJar.getFileName().toString();
        return (name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name) + ".jsa";
    }

    /** The jar's size and modification time: a rebuilt jar gets a fresh extraction and a fresh archive. */
    static String stamp(Path fatJar) throws IOException {
        return Files.size(fatJar) + ":" + Files.getLastModifiedTime(fatJar).toMillis();
    }

    private void extract(Path fatJar, Path dir) throws IOException, InterruptedException {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Path output = dir.resolve("extract.log");
        Process process = new ProcessBuilder(
                        javaCommand,
                        "-Djarmode=tools",
                        "-jar",
                        fatJar.toString(),
                        "extract",
                        "--destination",
                        dir.resolve("app").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("extracting " + fatJar.getFileName() + " took more than 2 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IOException("extracting " + fatJar.getFileName() + " failed; see " + output);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
