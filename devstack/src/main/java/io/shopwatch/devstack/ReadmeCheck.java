package io.shopwatch.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./shopwatch readme-test}: runs the root README's quick-start block, as written, with bash in the repository
 * root against a running stack, and checks what a newcomer would look at: the login gave a token, the record was
 * accepted, a search finds it, and the storefront simulator delivered everything through the gateway (accepted more
 * than 0, failed 0).
 */
final class ReadmeCheck {

    private static final Logger log = LoggerFactory.getLogger(ReadmeCheck.class);
    private static final Pattern SIMULATOR_SUMMARY =
            Pattern.compile("ShopWatch accepted (\\d+), rejected (\\d+); dropped (\\d+), failed (\\d+)");
    /** The record the quick start posts, as the search answers it (the simulator's messages say more). */
    private static final String POSTED = "\"message\":\"payment declined\"";

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(60);

    private final StackSettings settings;

    ReadmeCheck(StackSettings settings) {
        this.settings = settings;
    }

    int run() throws IOException, InterruptedException {
        List<String> block =
                QuickStart.fromReadme(Files.readString(settings.home().resolve("README.md")));
        String marker = "=== shopwatch readme-test: search ===";
        // the block as written, then its search line again until the pipeline has stored the record
        String script = String.join("\n", block) + "\n" + searchLoop(block, marker) + "\n";
        log.info("running README.md's quick start:\n{}", String.join("\n", block));
        Path file = Files.createTempFile("readme-quick-start", ".sh");
        try {
            Files.writeString(file, "set -euo pipefail\n" + script);
            Process bash = new ProcessBuilder("bash", file.toString())
                    .directory(settings.home().toFile())
                    .redirectErrorStream(true)
                    .start();
            String output;
            try (var in = bash.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!bash.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                bash.destroyForcibly();
                log.error("FAIL: the quick start did not finish within {}", SCRIPT_TIMEOUT);
                return 1;
            }
            log.info("output:\n{}", output);
            List<String> failures = check(bash.exitValue(), output, marker);
            if (failures.isEmpty()) {
                log.info("PASS: README.md's quick start works as written");
                return 0;
            }
            failures.forEach(failure -> log.error("FAIL: {}", failure));
            return 1;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A bash loop that repeats the block's search command until its answer holds the posted message. */
    private static String searchLoop(List<String> block, String marker) {
        String search = block.stream()
                .filter(line -> line.contains("/api/v1/logs/search"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("README.md's quick start has no search command"));
        return "for i in $(seq 1 " + SEARCH_TIMEOUT.toSeconds() + "); do\n"
                + "  found=$(" + search + ")\n"
                + "  if [[ $found == *'" + POSTED + "'* ]]; then break; fi\n"
                + "  sleep 1\n"
                + "done\n"
                + "echo '" + marker + "'\n"
                + "echo \"$found\"";
    }

    /** What is wrong with the run, empty when nothing is. */
    static List<String> check(int exit, String output, String marker) {
        List<String> failures = new java.util.ArrayList<>();
        if (exit != 0) {
            failures.add("a command failed (exit " + exit + ")");
        }
        if (output.contains("\"status\":401") || output.contains("\"unauthorized\"")) {
            failures.add("a request was refused as unauthorized");
        }
        Matcher summary = SIMULATOR_SUMMARY.matcher(output);
        if (!summary.find()) {
            failures.add("the storefront simulator printed no summary");
        } else if (Long.parseLong(summary.group(1)) == 0 || Long.parseLong(summary.group(4)) > 0) {
            failures.add("the storefront simulator delivered nothing or failed: " + summary.group());
        }
        int search = output.indexOf(marker);
        if (search < 0 || !output.substring(search).contains(POSTED)) {
            failures.add("the search did not find the posted record within " + SEARCH_TIMEOUT.toSeconds() + " s");
        }
        return failures;
    }
}
