package io.shopwatch.config.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The schemas pipeline-service and alert-service ship (config-schemas/<application>.schema.json). */
class SchemaRuleTest {

    private final SchemaRule rule = new SchemaRule();

    @Test
    void validConfiguration_passes() {
        assertThat(rule.check(
                        "pipeline-service",
                        new TreeMap<>(Map.of(
                                "shopwatch.pipeline.pii.rules[0].name", "order_ref",
                                "shopwatch.pipeline.pii.rules[0].pattern", "ORD-\\d+",
                                "shopwatch.pipeline.flatten-depth", 3,
                                "anything.else", "free"))))
                .isEmpty();
    }

    @Test
    void errors_nameTheProperty() {
        List<FieldError> errors = rule.check(
                "pipeline-service",
                new TreeMap<>(Map.of(
                        "shopwatch.pipeline.pii.rules[0].name", "Bad Name", "shopwatch.pipeline.flatten-depth", 50)));
        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("shopwatch.pipeline.pii.rules[0].name", "shopwatch.pipeline.flatten-depth");
        assertThat(errors).allSatisfy(e -> assertThat(e.rule()).startsWith("schema:"));
    }

    @Test
    void alertDefaults_durationsInBootsSimpleForm_pass() {
        assertThat(rule.check(
                        "alert-service",
                        new TreeMap<>(Map.of(
                                "shopwatch.alert.defaults.group-wait", "0s",
                                "shopwatch.alert.defaults.group-interval", "90s",
                                "shopwatch.alert.defaults.repeat-interval", "12h",
                                "shopwatch.alert.defaults.resolve-timeout", "10m"))))
                .isEmpty();
    }

    @Test
    void alertDefaults_zeroIntervalOrNoUnit_nameTheProperty() {
        List<FieldError> errors = rule.check(
                "alert-service",
                new TreeMap<>(Map.of(
                        "shopwatch.alert.defaults.group-wait", "soon",
                        "shopwatch.alert.defaults.group-interval", "0m",
                        "shopwatch.alert.defaults.repeat-interval", "4 hours",
                        "shopwatch.alert.defaults.resolve-timeout", "-5m")));
        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "shopwatch.alert.defaults.group-wait",
                        "shopwatch.alert.defaults.group-interval",
                        "shopwatch.alert.defaults.repeat-interval",
                        "shopwatch.alert.defaults.resolve-timeout");
    }

    @Test
    void ruleDefaultInterval_oneSecondOrMore_passes() {
        for (String interval : List.of("1s", "1000ms", "30s", "5m", "1h", "1d")) {
            assertThat(rule.check(
                            "alert-service", new TreeMap<>(Map.of("shopwatch.alert.rules.default-interval", interval))))
                    .as(interval)
                    .isEmpty();
        }
    }

    @Test
    void ruleDefaultInterval_underOneSecondOrNotADuration_namesTheProperty() {
        for (String interval : List.of("0s", "999ms", "500ms", "0m", "1 minute", "1m30s", "-1m", "")) {
            assertThat(rule.check(
                            "alert-service", new TreeMap<>(Map.of("shopwatch.alert.rules.default-interval", interval))))
                    .as(interval)
                    .extracting(FieldError::field)
                    .containsExactly("shopwatch.alert.rules.default-interval");
        }
    }

    @Test
    void ruleQueryLimits_positive_pass_zeroOrNoUnit_nameTheProperty() {
        assertThat(rule.check(
                        "alert-service",
                        new TreeMap<>(Map.of(
                                "shopwatch.alert.rules.max-rows", 500, "shopwatch.alert.rules.metrics.timeout", "5s"))))
                .isEmpty();
        assertThat(rule.check("alert-service", new TreeMap<>(Map.of("shopwatch.alert.rules.max-rows", "2000"))))
                .isEmpty();
        List<FieldError> errors = rule.check(
                "alert-service",
                new TreeMap<>(Map.of(
                        "shopwatch.alert.rules.max-rows", 0, "shopwatch.alert.rules.metrics.timeout", "5 seconds")));
        assertThat(errors)
                .extracting(FieldError::field)
                .containsOnly("shopwatch.alert.rules.max-rows", "shopwatch.alert.rules.metrics.timeout")
                .contains("shopwatch.alert.rules.max-rows", "shopwatch.alert.rules.metrics.timeout");
    }

    @Test
    void applicationWithoutSchema_passes() {
        assertThat(rule.check("no-schema-here", new TreeMap<>(Map.of("x", 1)))).isEmpty();
    }
}
