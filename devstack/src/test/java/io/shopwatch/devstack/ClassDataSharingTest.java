package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a service's jar is prepared for class-data sharing, with a stand-in for {@code java -Djarmode=tools ... extract}
 * (a script that writes the extracted jar and counts its calls), so that the test needs no real Spring Boot jar.
 */
class ClassDataSharingTest {

    @TempDir
    Path dir;

    private Path fakeJava(String body) throws Exception {
        Path script = dir.resolve("java");
        Files.writeString(
                script, "#!/bin/sh\n" + "echo \"$@\" >> " + dir.resolve("calls") + "\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** Writes the extracted jar where Spring Boot's extract puts it: {@code <destination>/<jar name>}. */
    private static final String EXTRACT =
            "dest=\"$6\"; mkdir -p \"$dest\"; echo extracted > \"$dest/$(basename \"$3\")\"\n";

    private Path jar() throws Exception {
        Path target = Files.createDirectories(dir.resolve("config-service").resolve("target"));
        Path jar = target.resolve("config-service.jar");
        Files.writeString(jar, "fat jar");
        return jar;
    }

    private long calls() throws Exception {
        Path calls = dir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    @Test
    void plan_firstRunExtractsAndRecords_laterRunsMapTheArchive() throws Exception {
        Path jar = jar();
        ClassDataSharing cds = new ClassDataSharing(fakeJava(EXTRACT).toString());

        ClassDataSharing.Plan first = cds.plan(jar);

        Path cdsDir = jar.getParent().resolve("cds");
        Path archive = cdsDir.resolve("config-service.jsa");
        assertThat(first.jar()).isEqualTo(cdsDir.resolve("app").resolve("config-service.jar"));
        assertThat(first.jar()).exists();
        assertThat(first.options()).containsExactly("-XX:ArchiveClassesAtExit=" + archive);
        assertThat(first.recording()).isTrue();
        assertThat(Files.readString(dir.resolve("calls")))
                .startsWith("-Djarmode=tools -jar " + jar + " extract --destination " + cdsDir.resolve("app"));

        // the JVM wrote its archive at exit
        Files.writeString(archive, "archive");
        ClassDataSharing.Plan second = cds.plan(jar);

        assertThat(second.options()).containsExactly("-XX:SharedArchiveFile=" + archive);
        assertThat(second.jar()).isEqualTo(first.jar());
        assertThat(second.recording()).isFalse();
        assertThat(calls()).as("extracted once").isEqualTo(1);
    }

    @Test
    void plan_aRebuiltJarIsExtractedAgainAndItsOldArchiveDropped() throws Exception {
        Path jar = jar();
        ClassDataSharing cds = new ClassDataSharing(fakeJava(EXTRACT).toString());
        cds.plan(jar);
        Path archive = jar.getParent().resolve("cds").resolve("config-service.jsa");
        Files.writeString(archive, "archive of the old jar");

        Files.writeString(jar, "fat jar, rebuilt");
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
        ClassDataSharing.Plan plan = cds.plan(jar);

        assertThat(archive).doesNotExist();
        assertThat(plan.recording()).isTrue();
        assertThat(calls()).isEqualTo(2);
    }

    @Test
    void plan_whenExtractingFails_runsTheJarAsItIs() throws Exception {
        Path jar = jar();
        ClassDataSharing cds = new ClassDataSharing(fakeJava("exit 3\n").toString());

        ClassDataSharing.Plan plan = cds.plan(jar);

        assertThat(plan.jar()).isEqualTo(jar);
        assertThat(plan.options()).isEmpty();
        assertThat(plan.recording()).isFalse();
    }
}
