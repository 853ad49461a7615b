package io.shopwatch.devstack;

import java.nio.file.Path;
import java.util.List;

/**
 * The first commands to run against the local stack: log in, post a log record, search it, and play storefront
 * traffic through the gateway with the development ingest key. {@code ./shopwatch up} prints them and the root
 * README's quick start shows the same lines ({@code ReadmeQuickStartTest} compares them; {@code ./shopwatch readme-test}
 * runs the README's lines against a running stack).
 */
final class QuickStart {

    /** The line in README.md right before the quick start's code block. */
    static final String README_MARKER =
            "<!-- quick-start: printed by ./shopwatch up; ReadmeQuickStartTest compares -->";

    static final String SIMULATOR_JAR = "storefront-simulator/target/storefront-simulator.jar";

    private QuickStart() {}

    /** The commands, one shell line each (a line ending in {@code \} continues on the next). */
    static List<String> commands(StackSettings settings) {
        String gateway = "localhost:" + port("gateway");
        return List.of(
                "TOKEN=$(curl -s -XPOST " + gateway + "/api/v1/auth/login -H 'Content-Type: application/json' \\",
                "  -d '{\"username\":\"" + settings.adminUser() + "\",\"password\":\"" + settings.adminPassword()
                        + "\"}' | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')",
                "curl -s -XPOST " + gateway + "/api/v1/logs -H \"Authorization: Bearer $TOKEN\""
                        + " -H 'Content-Type: application/json' \\",
                "  -d '[{\"level\":\"error\",\"service\":\"checkout\",\"message\":\"payment declined\"}]'",
                "curl -s \"" + gateway + "/api/v1/logs/search?q=declined\" -H \"Authorization: Bearer $TOKEN\"",
                "java -jar " + SIMULATOR_JAR + " --url=http://127.0.0.1:" + port("gateway") + " \\",
                "  --api-key=\"$(cat " + keyFile(settings) + ")\" --sessions=300 --rate=50 --otel=true");
    }

    /**
     * The lines of the code block that follows {@link #README_MARKER} in {@code readme}, comment lines left out.
     *
     * @throws IllegalArgumentException when the README has no such block
     */
    static List<String> fromReadme(String readme) {
        List<String> lines = readme.lines().toList();
        int marker = lines.indexOf(README_MARKER);
        if (marker < 0 || marker + 1 >= lines.size() || !lines.get(marker + 1).startsWith("```")) {
            throw new IllegalArgumentException("README.md has no code block after " + README_MARKER);
        }
        List<String> block = new java.util.ArrayList<>();
        for (String line : lines.subList(marker + 2, lines.size())) {
            if (line.startsWith("```")) {
                return block;
            }
            if (!line.stripLeading().startsWith("#")) {
                block.add(line);
            }
        }
        throw new IllegalArgumentException("README.md's quick-start block is not closed");
    }

    /** The ingest key's file as a newcomer types it: relative to the repository root when it is inside it. */
    static String keyFile(StackSettings settings) {
        Path file = DevIngestKey.file(settings);
        return file.startsWith(settings.home())
                ? settings.home().relativize(file).toString()
                : file.toString();
    }

    private static int port(String service) {
        return ServiceSpec.all().stream()
                .filter(s -> s.name().equals(service))
                .findFirst()
                .orElseThrow()
                .port();
    }
}
