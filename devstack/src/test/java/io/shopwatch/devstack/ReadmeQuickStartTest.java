package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The root README's quick start is what {@code ./shopwatch up} prints, and what it prints fits the stack: the gateway,
 * the development admin, the ingest key's file and options the storefront simulator has. ({@code ./shopwatch
 * readme-test} runs the block against a running stack.)
 */
class ReadmeQuickStartTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final StackSettings DEFAULTS =
            StackSettings.fromEnvironment(Map.of("SHOPWATCH_HOME", ROOT.toString()));

    private static List<String> readme() throws IOException {
        return QuickStart.fromReadme(Files.readString(ROOT.resolve("README.md")));
    }

    @Test
    void readmeQuickStart_isWhatTheLauncherPrints() throws IOException {
        assertThat(readme()).containsExactlyElementsOf(QuickStart.commands(DEFAULTS));
    }

    @Test
    void commands_loginAsTheStacksAdmin_throughTheGateway() {
        String all = String.join("\n", QuickStart.commands(DEFAULTS));

        assertThat(all)
                .contains("localhost:8080/api/v1/auth/login")
                .contains("\"username\":\"" + DEFAULTS.adminUser() + "\"")
                .contains("\"password\":\"" + DEFAULTS.adminPassword() + "\"")
                .doesNotContain(":8083");
    }

    @Test
    void simulatorCommand_postsThroughTheGatewayWithTheIngestKeyTheStackWrites() {
        String simulator = String.join(
                " ",
                QuickStart.commands(DEFAULTS)
                        .subList(5, QuickStart.commands(DEFAULTS).size()));

        assertThat(simulator)
                .startsWith("java -jar " + QuickStart.SIMULATOR_JAR)
                .contains("--url=http://127.0.0.1:8080 ")
                .contains("--api-key=\"$(cat .devstack/ingest-key)\"");
        assertThat(ROOT.resolve(".devstack/ingest-key")).isEqualTo(DevIngestKey.file(DEFAULTS));
    }

    @Test
    void simulatorCommand_usesOnlyOptionsTheSimulatorHas() throws IOException {
        String simulatorReadme = Files.readString(ROOT.resolve("storefront-simulator/README.md"));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(--[a-z-]+)` \\|").matcher(simulatorReadme);
        while (row.find()) {
            documented.add(row.group(1));
        }
        Set<String> used = new TreeSet<>();
        Matcher option = Pattern.compile("(--[a-z-]+)=").matcher(String.join(" ", QuickStart.commands(DEFAULTS)));
        while (option.find()) {
            used.add(option.group(1));
        }

        assertThat(used).contains("--url", "--api-key").isSubsetOf(documented);
        assertThat(simulatorReadme).contains("| `--api-key` | none | sent as `X-API-Key` |");
        assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<module>storefront-simulator</module>");
    }

    @Test
    void keyFile_outsideTheRepository_isPrintedAbsolute() {
        StackSettings elsewhere = StackSettings.fromEnvironment(
                Map.of("SHOPWATCH_HOME", ROOT.toString(), "DEVSTACK_DATA_DIR", "/var/tmp/stack"));

        assertThat(QuickStart.keyFile(elsewhere)).isEqualTo("/var/tmp/stack/ingest-key");
        assertThat(QuickStart.commands(elsewhere)).last().asString().contains("$(cat /var/tmp/stack/ingest-key)");
    }

    @Test
    void fromReadme_withoutTheMarker_isRefused() {
        assertThatThrownBy(() -> QuickStart.fromReadme("# README\n```bash\nls\n```\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no code block");
    }

    @Test
    void check_ofARunWhoseSimulatorWasRefused_fails() {
        String output = "{\"accepted\":1}\n=== s ===\n{\"hits\":[{\"message\":\"payment declined\"}]}\n"
                + "300 sessions, 1887 events, 0 log lines in 9.0 s; ShopWatch accepted 0, rejected 0;"
                + " dropped 0, failed 1887, 4 requests, 0 retries";

        assertThat(ReadmeCheck.check(1, output, "=== s ==="))
                .contains("a command failed (exit 1)")
                .anySatisfy(f -> assertThat(f).startsWith("the storefront simulator delivered nothing or failed"));
        assertThat(ReadmeCheck.check(
                        0,
                        output.replace("accepted 0", "accepted 6000").replace("failed 1887", "failed 0"),
                        "=== s ==="))
                .isEmpty();
        assertThat(ReadmeCheck.check(
                        0,
                        output.replace(
                                        "\"message\":\"payment declined\"",
                                        "\"message\":\"payment declined by provider\"")
                                .replace("accepted 0", "accepted 6000")
                                .replace("failed 1887", "failed 0"),
                        "=== s ==="))
                .singleElement()
                .asString()
                .startsWith("the search did not find the posted record");
    }
}
