package io.shopwatch.logging.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.StreamNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The compiled simple patterns agree with java.util.regex, and anything else is left to it. */
class CharClassPatternTest {

    static final List<String> SUPPORTED = List.of(
            "[0-9a-f]{32}",
            "[0-9a-f]{16}",
            StreamNames.PATTERN,
            "[a-z][a-z0-9_]{0,63}",
            "[a-zA-Z0-9_-]{1,64}",
            "[-a]{2}[b]",
            "[x]");

    @Test
    void compile_simplePatterns_matchExactlyLikeJavaUtilRegex() {
        Random random = new Random(42);
        String alphabet = "abcfgxzABFZ019_-:. é\u2003";
        for (String regex : SUPPORTED) {
            CharClassPattern simple = CharClassPattern.compile(regex);
            assertThat(simple).as(regex).isNotNull();
            Pattern pattern = Pattern.compile(regex);
            List<String> samples = new ArrayList<>(List.of(
                    "",
                    "4bf92f3577b34da6a3ce929d0e0e4736",
                    "00f067aa0ba902b7",
                    "checkout_logs",
                    "9lives",
                    "a".repeat(64),
                    "a".repeat(65),
                    "a".repeat(128),
                    "a".repeat(129),
                    "--b",
                    "x"));
            for (int i = 0; i < 20_000; i++) {
                StringBuilder sample = new StringBuilder();
                int length = random.nextInt(i % 2 == 0 ? 6 : 140);
                for (int k = 0; k < length; k++) {
                    sample.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                samples.add(sample.toString());
            }
            for (String sample : samples) {
                assertThat(simple.matches(sample))
                        .as(regex + " on '" + sample + "'")
                        .isEqualTo(pattern.matcher(sample).matches());
            }
        }
    }

    @Test
    void compile_anythingElse_isLeftToJavaUtilRegex() {
        for (String regex : List.of(
                "[a-z]{0,3}[a-z]", "[^a]", "[\\w]", "a+", "[a-z]*", "(ab){2}", "[a-z&&[^b]]", "[a-z]{2,1}", "[é]")) {
            assertThat(CharClassPattern.compile(regex)).as(regex).isNull();
        }
    }
}
