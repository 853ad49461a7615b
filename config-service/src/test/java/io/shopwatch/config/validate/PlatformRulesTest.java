package io.shopwatch.config.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PlatformRulesTest {

    private final PlatformRules rules = new PlatformRules();

    private List<FieldError> check(Map<String, Object> properties) {
        return rules.check("any", new TreeMap<>(properties));
    }

    @Test
    void samplingRates_mustBeWithinZeroAndOne() {
        assertThat(check(Map.of("tracing.sampling-rate", 0.5, "a.samplingRate", "1", "x.probability", 0)))
                .isEmpty();
        assertThat(check(Map.of("tracing.sampling-rate", 7.5, "a.samplingRate", "lots", "x.probability", -0.1)))
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("tracing.sampling-rate", "a.samplingRate", "x.probability");
    }

    @Test
    void urls_mustBeAbsoluteHttp() {
        assertThat(check(Map.of("openobserve.url", "https://o2.example:5080/api", "empty.url", "")))
                .isEmpty();
        assertThat(check(Map.of("openobserve.url", "not a url", "b.endpoint", "ftp://x", "c.uri", "/relative")))
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("openobserve.url", "b.endpoint", "c.uri");
    }

    @Test
    void regexes_mustCompile() {
        assertThat(check(Map.of("pii.rules[0].pattern", "\\d{4}-\\d{4}"))).isEmpty();
        List<FieldError> errors = check(Map.of("pii.rules[0].pattern", "([a-z"));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("pii.rules[0].pattern");
            assertThat(e.rule()).isEqualTo("platform:regex");
        });
    }

    @Test
    void secrets_areNotInspected() {
        assertThat(check(Map.of("db.url", "{cipher}abc"))).isEmpty();
    }

    @Test
    void jsonSchemas_mustBeValidDocuments() {
        assertThat(check(Map.of("a.streams.orders.json-schema", "{\"type\":\"object\",\"required\":[\"id\"]}")))
                .isEmpty();
        assertThat(check(Map.of(
                        "a.streams.orders.json-schema", "{\"type\":\"no-such-type\"}",
                        "a.streams.refunds.json-schema", "{not json")))
                .extracting(FieldError::field, FieldError::rule)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a.streams.orders.json-schema", "platform:json-schema"),
                        org.assertj.core.groups.Tuple.tuple("a.streams.refunds.json-schema", "platform:json-schema"));
    }
}
