package io.shopwatch.config.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The schema pipeline-service ships (config-schemas/pipeline-service.schema.json). */
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
    void applicationWithoutSchema_passes() {
        assertThat(rule.check("no-schema-here", new TreeMap<>(Map.of("x", 1)))).isEmpty();
    }
}
