package io.shopwatch.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The dashboard directory the shared test context provisions from, into the org {@value #ORG}. */
public final class TestProvisioning {

    public static final String ORG = "provisioned";

    private static Path dir;

    private TestProvisioning() {}

    public static synchronized String dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("dashboards-dir");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir.toString();
    }
}
