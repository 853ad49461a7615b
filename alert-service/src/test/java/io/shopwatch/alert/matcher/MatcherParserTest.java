package io.shopwatch.alert.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.alert.core.LabelSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatcherParserTest {

    @Test
    void parse_readsAllFourOperatorsQuotedAndBare() {
        List<Matcher> ms = MatcherParser.parse("{a=\"1\", b!=2, c=~\"x|y\", d!~z.*}");
        assertThat(ms).extracting(Matcher::toString).containsExactly("a=\"1\"", "b!=\"2\"", "c=~\"x|y\"", "d!~\"z.*\"");
    }

    @Test
    void parse_acceptsASingleMatcherWithoutBracesAndUtf8Names() {
        assertThat(MatcherParser.parseOne("severity = critical").matches(LabelSet.of("severity", "critical")))
                .isTrue();
        Matcher utf8 = MatcherParser.parseOne("\"foo🙂\"=\"bar\"");
        assertThat(utf8.name()).isEqualTo("foo🙂");
        assertThat(utf8.toString()).isEqualTo("\"foo🙂\"=\"bar\"");
    }

    @Test
    void regex_isAnchoredAndMissingLabelsMatchAsEmpty() {
        Matcher m = Matcher.regex("job", "api");
        assertThat(m.matches("api")).isTrue();
        assertThat(m.matches("api-gateway")).isFalse();
        assertThat(Matcher.of("env", Matcher.Type.NOT_EQUAL, "prod").matches(LabelSet.of("a", "b")))
                .isTrue();
        assertThat(Matcher.regex("env", ".*").matches(LabelSet.EMPTY)).isTrue();
    }

    @Test
    void parse_reportsWhatIsWrong() {
        assertThatThrownBy(() -> MatcherParser.parse("a~b")).hasMessageContaining("expected an operator");
        assertThatThrownBy(() -> MatcherParser.parse("{a=\"b\"")).hasMessageContaining("missing closing");
        assertThatThrownBy(() -> MatcherParser.parse("a=~\"(\"")).hasMessageContaining("invalid regular expression");
    }
}
