package io.shopwatch.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The e-commerce pack read from its YAML resource holds exactly the rules the pack was built from in Java. */
class RulePackTest {

    private static final RulePack.Pack BUILT_IN_JAVA = new RulePack.Pack(
            "ecommerce",
            "Payment failure rate, checkout error rate, order volume drop and no orders, p95 checkout latency, 5xx"
                    + " rate per service, bursts of failed payments per merchant, payment success rate per provider"
                    + " (metrics)",
            List.of(
                    scheduled(
                            "PaymentFailureRate",
                            "SELECT SUM(CASE WHEN type = 'payment_failed' THEN 1 ELSE 0 END) AS failed, COUNT(*) AS total"
                                    + " FROM \"events\" WHERE type IN ('payment_failed', 'payment_succeeded')",
                            "1m",
                            "5m",
                            new RuleSpec.Condition("ratio", null, "failed", "total", 20.0, null),
                            List.of(
                                    new RuleSpec.Severity("critical", ">", 0.10, 0.08),
                                    new RuleSpec.Severity("warning", ">", 0.05, 0.04)),
                            "2m",
                            "Payment failure rate is {{ $value }} over the last 5 minutes"),
                    scheduled(
                            "CheckoutErrorRate",
                            "SELECT SUM(CASE WHEN level IN ('ERROR', 'FATAL') THEN 1 ELSE 0 END) AS errors, COUNT(*) AS total"
                                    + " FROM \"logs\" WHERE service = 'checkout'",
                            "1m",
                            "5m",
                            new RuleSpec.Condition("ratio", null, "errors", "total", 20.0, null),
                            List.of(
                                    new RuleSpec.Severity("critical", ">", 0.05, 0.04),
                                    new RuleSpec.Severity("warning", ">", 0.02, 0.015)),
                            "2m",
                            "Checkout logs {{ $value }} errors per line"),
                    scheduled(
                            "OrderVolumeDrop",
                            "SELECT COUNT(*) AS value FROM \"events\" WHERE type = 'order_placed'",
                            "5m",
                            "1h",
                            new RuleSpec.Condition("change", "value", null, null, null, "1d"),
                            List.of(
                                    new RuleSpec.Severity("critical", "<=", -60.0, null),
                                    new RuleSpec.Severity("warning", "<=", -30.0, -25.0)),
                            "10m",
                            "Orders changed by {{ $value }}% against the same hour yesterday"),
                    scheduled(
                            "NoOrders",
                            "SELECT COUNT(*) AS value FROM \"events\" WHERE type = 'order_placed'",
                            "1m",
                            "10m",
                            new RuleSpec.Condition("absence", "value", null, null, null, null),
                            List.of(new RuleSpec.Severity("critical", "<", 1.0, null)),
                            "0s",
                            "No orders were placed in the last 10 minutes"),
                    scheduled(
                            "CheckoutLatencyP95",
                            "SELECT approx_percentile_cont(attributes_duration_ms, 0.95) AS value FROM \"logs\""
                                    + " WHERE service = 'checkout' AND attributes_duration_ms IS NOT NULL",
                            "1m",
                            "5m",
                            new RuleSpec.Condition("threshold", "value", null, null, null, null),
                            List.of(
                                    new RuleSpec.Severity("critical", ">", 2000.0, 1800.0),
                                    new RuleSpec.Severity("warning", ">", 1000.0, 900.0)),
                            "5m",
                            "p95 checkout latency is {{ $value }} ms"),
                    scheduled(
                            "Http5xxRate",
                            "SELECT service, SUM(CASE WHEN attributes_status >= 500 THEN 1 ELSE 0 END) AS errors,"
                                    + " COUNT(*) AS total FROM \"logs\" WHERE attributes_status IS NOT NULL"
                                    + " GROUP BY service",
                            "1m",
                            "5m",
                            new RuleSpec.Condition("ratio", null, "errors", "total", 50.0, null),
                            List.of(
                                    new RuleSpec.Severity("critical", ">", 0.05, 0.04),
                                    new RuleSpec.Severity("warning", ">", 0.01, 0.008)),
                            "2m",
                            "{{ $labels.service }} answers {{ $value }} of its requests with 5xx"),
                    new RuleSpec(
                            "PaymentFailureBurst",
                            "realtime",
                            null,
                            null,
                            null,
                            null,
                            new RuleSpec.Realtime(
                                    "events",
                                    List.of("type=\"payment_failed\""),
                                    List.of("properties_merchant_id"),
                                    "1m"),
                            List.of(new RuleSpec.Severity("critical", ">=", 5.0, null)),
                            null,
                            "2m",
                            Map.of("team", "payments", "pack", "ecommerce"),
                            Map.of(
                                    "summary",
                                    "{{ $value }} failed payments within a minute for merchant"
                                            + " {{ $labels.properties_merchant_id }}"),
                            true),
                    new RuleSpec(
                            "PaymentSuccessRateLow",
                            "promql",
                            "sum by (provider) (rate(shop_payments_total{result=\"success\"}[5m]))"
                                    + " / sum by (provider) (rate(shop_payments_total[5m]))"
                                    + " and sum by (provider) (increase(shop_payments_total[5m])) >= 20",
                            "1m",
                            null,
                            null,
                            null,
                            List.of(
                                    new RuleSpec.Severity("critical", "<", 0.90, 0.92),
                                    new RuleSpec.Severity("warning", "<", 0.95, 0.96)),
                            "2m",
                            null,
                            Map.of("team", "payments", "pack", "ecommerce"),
                            Map.of(
                                    "summary",
                                    "Payment success rate of {{ $labels.provider }} is {{ $value }} over the last 5"
                                            + " minutes"),
                            true)));

    @Test
    void ecommerce_readFromItsResource_equalsThePackBuiltInJavaFieldByField() {
        assertThat(RulePack.ECOMMERCE.name()).isEqualTo(BUILT_IN_JAVA.name());
        assertThat(RulePack.ECOMMERCE.description()).isEqualTo(BUILT_IN_JAVA.description());
        assertThat(RulePack.ECOMMERCE.rules()).hasSameSizeAs(BUILT_IN_JAVA.rules());
        for (int i = 0; i < BUILT_IN_JAVA.rules().size(); i++) {
            assertThat(RulePack.ECOMMERCE.rules().get(i))
                    .usingRecursiveComparison()
                    .isEqualTo(BUILT_IN_JAVA.rules().get(i));
            assertThat(RulePack.ECOMMERCE.rules().get(i))
                    .isEqualTo(BUILT_IN_JAVA.rules().get(i));
        }
        assertThat(RulePack.ALL).containsExactly(RulePack.ECOMMERCE);
    }

    private static RuleSpec scheduled(
            String name,
            String query,
            String interval,
            String lookback,
            RuleSpec.Condition condition,
            List<RuleSpec.Severity> severities,
            String forDuration,
            String summary) {
        return new RuleSpec(
                name,
                "scheduled",
                query,
                interval,
                lookback,
                condition,
                null,
                severities,
                forDuration,
                null,
                Map.of("pack", "ecommerce"),
                Map.of("summary", summary),
                true);
    }
}
