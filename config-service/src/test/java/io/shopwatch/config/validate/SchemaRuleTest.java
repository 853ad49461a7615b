package io.shopwatch.config.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The schemas pipeline-service, alert-service and performance-service ship (config-schemas/<application>.schema.json).
 */
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

    @Test
    void performanceBudgets_valid_pass() {
        Map<String, Object> budgets = new TreeMap<>();
        budgets.put("shopwatch.performance.budgets.interval", "30s");
        budgets.put("shopwatch.performance.budgets.org-records-per-second", 500);
        budgets.put("shopwatch.performance.budgets.stream-bytes-per-day", 20_000_000_000L);
        budgets.put("shopwatch.performance.budgets.limits[0].org", "default");
        budgets.put("shopwatch.performance.budgets.limits[0].stream", "web");
        budgets.put("shopwatch.performance.budgets.limits[0].records-per-second", 0.5);
        budgets.put("shopwatch.performance.budgets.limits[1].org", "shop-2");
        budgets.put("shopwatch.performance.budgets.limits[1].stream", "");
        budgets.put("shopwatch.performance.budgets.limits[1].bytes-per-day", 0);
        budgets.put("shopwatch.performance.budgets.never-sampled[0]", "payments");
        budgets.put("shopwatch.performance.budgets.max-increase", 0.25);
        budgets.put("shopwatch.performance.budgets.tolerance", 0);
        budgets.put("shopwatch.performance.budgets.min-rate", 1);
        budgets.put("shopwatch.performance.cache-ttl", "1h");
        assertThat(rule.check("performance-service", new TreeMap<>(budgets))).isEmpty();
        assertThat(rule.check(
                        "performance-service",
                        new TreeMap<>(Map.of("shopwatch.performance.budgets.never-sampled", "payments, refunds"))))
                .isEmpty();
    }

    @Test
    void pipelineStageSettings_valid_pass() {
        assertThat(rule.check(
                        "pipeline-service",
                        new TreeMap<>(Map.of(
                                "shopwatch.pipeline.stages", "flatten,timestamp,level,required_fields,pii_mask",
                                "shopwatch.pipeline.streams.orders.stages", "flatten,timestamp,required_fields",
                                "shopwatch.pipeline.streams.orders.required-fields[0]", "customer_id",
                                "shopwatch.pipeline.streams.orders.json-schema", "{\"type\":\"object\"}",
                                "shopwatch.pipeline.streams.refunds.schema", "classpath:schemas/refunds.json",
                                "shopwatch.pipeline.streams.refunds.required-fields", "order_id,amount",
                                "shopwatch.pipeline.service-metadata.checkout.team", "payments",
                                "shopwatch.pipeline.amount-bands", "50,200,1000",
                                "shopwatch.pipeline.amount-bands[3]", 5000))))
                .isEmpty();
    }

    @Test
    void performanceBudgets_outOfRangeNotNamesFixedOrUnknown_nameTheProperty() {
        Map<String, Object> budgets = new TreeMap<>();
        budgets.put("shopwatch.performance.budgets.org-records-per-second", -1);
        budgets.put("shopwatch.performance.budgets.stream-bytes-per-day", 1.5);
        budgets.put("shopwatch.performance.budgets.limits[0].org", "Not An Org");
        budgets.put("shopwatch.performance.budgets.limits[0].stream", "web/logs");
        budgets.put("shopwatch.performance.budgets.limits[0].records-per-second", -0.5);
        budgets.put("shopwatch.performance.budgets.never-sampled[0]", "pay ments");
        budgets.put("shopwatch.performance.budgets.max-increase", 0);
        budgets.put("shopwatch.performance.budgets.tolerance", 1);
        budgets.put("shopwatch.performance.budgets.min-rate", 0);
        budgets.put("shopwatch.performance.budgets.interval", "0s");
        budgets.put("shopwatch.performance.budgets.topic", "elsewhere");
        budgets.put("shopwatch.performance.budgets.org-record-per-second", 5);
        List<FieldError> errors = rule.check("performance-service", new TreeMap<>(budgets));
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrderElementsOf(budgets.keySet());
        assertThat(rule.check(
                        "performance-service", new TreeMap<>(Map.of("shopwatch.performance.budgets.min-rate", 1.01))))
                .extracting(FieldError::field)
                .containsExactly("shopwatch.performance.budgets.min-rate");
    }

    @Test
    void pipelineStageSettings_invalid_nameTheProperty() {
        List<FieldError> errors = rule.check(
                "pipeline-service",
                new TreeMap<>(Map.of(
                        "shopwatch.pipeline.stages", "flatten,timestamp,no_such_stage",
                        "shopwatch.pipeline.streams.orders.stages", "timestamp,required_fields",
                        "shopwatch.pipeline.streams.orders.stages[0]", "nope",
                        "shopwatch.pipeline.streams.orders.required-fields[0]", "Customer Id",
                        "shopwatch.pipeline.streams.orders.requierd-fields[0]", "customer_id",
                        "shopwatch.pipeline.streams.refunds.schema", "/etc/passwd",
                        "shopwatch.pipeline.amount-bands", "50,-200",
                        "shopwatch.pipeline.amount-bands[1]", -5)));
        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "shopwatch.pipeline.stages",
                        "shopwatch.pipeline.streams.orders.stages",
                        "shopwatch.pipeline.streams.orders.stages[0]",
                        "shopwatch.pipeline.streams.orders.required-fields[0]",
                        "shopwatch.pipeline.streams.orders.requierd-fields[0]",
                        "shopwatch.pipeline.streams.refunds.schema",
                        "shopwatch.pipeline.amount-bands",
                        "shopwatch.pipeline.amount-bands[1]");
    }
}
