package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.startup.DevDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every password or secret in a module's application.yml that has a default is one the start-up check knows as a
 * development value ({@code DevDefaults.CREDENTIALS}), so a credential default added later cannot reach production
 * unnoticed.
 */
class CredentialDefaultsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern CREDENTIAL =
            Pattern.compile("(?m)^\\s*([a-z-]*(?:password|secret)[a-z-]*): \\$\\{([A-Z0-9_]+):([^}]+)}");

    @Test
    void everyCredentialDefault_isADevelopmentValueTheStartupCheckRefuses() throws IOException {
        List<String> unchecked = new ArrayList<>();
        int found = 0;
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path yml : modules.map(m -> m.resolve("src/main/resources/application.yml"))
                    .filter(Files::exists)
                    .toList()) {
                Matcher m = CREDENTIAL.matcher(Files.readString(yml));
                while (m.find()) {
                    found++;
                    String variable = m.group(2);
                    String value = m.group(3);
                    boolean checked = DevDefaults.CREDENTIALS.stream()
                            .anyMatch(c -> c.variable().equals(variable) && c.isDevelopmentValue(value));
                    if (!checked) {
                        unchecked.add(ROOT.relativize(yml) + " " + m.group(1) + " (" + variable + ")");
                    }
                }
            }
        }
        assertThat(found).as("credential defaults found").isGreaterThanOrEqualTo(6);
        assertThat(unchecked).isEmpty();
    }
}
