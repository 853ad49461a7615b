package io.shopwatch.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.alert.alertmanager.AlertIngestion;
import io.shopwatch.alert.core.LabelSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEvaluationTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static AlertRule rule(RuleSpec.Condition condition, List<RuleSpec.Severity> severities, String forD) {
        return AlertRule.compile(
                "r1",
                "acme",
                new RuleSpec(
                        "PaymentFailureRate",
                        "scheduled",
                        "SELECT service, count(*) AS value FROM events",
                        "1m",
                        "5m",
                        condition,
                        null,
                        severities,
                        forD,
                        null,
                        Map.of("team", "payments"),
                        Map.of("summary", "{{ $labels.service }} at {{ $value }}"),
                        true));
    }

    private static final List<RuleSpec.Severity> TWO_LEVELS = List.of(
            new RuleSpec.Severity("critical", ">", 0.10, 0.08), new RuleSpec.Severity("warning", ">", 0.05, 0.04));

    @Test
    void severities_pickTheMostSevereLevelReached() {
        AlertRule r = rule(null, TWO_LEVELS, null);
        assertThat(SeverityLevel.evaluate(r.severities(), 0.12, null)).isEqualTo("critical");
        assertThat(SeverityLevel.evaluate(r.severities(), 0.07, null)).isEqualTo("warning");
        assertThat(SeverityLevel.evaluate(r.severities(), 0.01, null)).isNull();
    }

    @Test
    void hysteresis_keepsAnActiveLevelUntilTheRecoveryThreshold() {
        AlertRule r = rule(null, TWO_LEVELS, null);
        assertThat(SeverityLevel.evaluate(r.severities(), 0.09, "critical")).isEqualTo("critical");
        assertThat(SeverityLevel.evaluate(r.severities(), 0.07, "critical")).isEqualTo("warning");
        assertThat(SeverityLevel.evaluate(r.severities(), 0.045, "warning")).isEqualTo("warning");
        assertThat(SeverityLevel.evaluate(r.severities(), 0.045, null)).isNull();
        assertThat(SeverityLevel.evaluate(r.severities(), 0.03, "warning")).isNull();
    }

    @Test
    void evaluate_firesOneAlertPerRowWithRuleLabelsAndFilledAnnotations() {
        AlertRule r = rule(null, TWO_LEVELS, null);
        RuleEvaluation.Result res = RuleEvaluation.evaluate(
                r,
                List.of(
                        new Sample(LabelSet.of("service", "checkout"), 0.2),
                        new Sample(LabelSet.of("service", "cart"), 0.01)),
                Map.of(),
                T0,
                false);
        assertThat(res.instances()).hasSize(1);
        assertThat(res.alerts()).hasSize(1);
        AlertIngestion.Posted a = res.alerts().get(0);
        assertThat(a.labels())
                .containsEntry("alertname", "PaymentFailureRate")
                .containsEntry("severity", "critical")
                .containsEntry("team", "payments")
                .containsEntry("service", "checkout");
        assertThat(a.annotations()).containsEntry("summary", "checkout at 0.2000");
        assertThat(a.endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
    }

    @Test
    void evaluate_severityChangeResolvesTheOldSeverityAndFiresTheNew() {
        AlertRule r = rule(null, TWO_LEVELS, null);
        LabelSet l = LabelSet.of("service", "checkout");
        var first = RuleEvaluation.evaluate(r, List.of(new Sample(l, 0.07)), Map.of(), T0, false);
        var second =
                RuleEvaluation.evaluate(r, List.of(new Sample(l, 0.2)), first.instances(), T0.plusSeconds(60), false);
        assertThat(second.alerts())
                .extracting(a -> a.labels().get("severity") + "/" + (a.endsAt().equals(T0.plusSeconds(60))))
                .containsExactly("warning/true", "critical/false");
    }

    @Test
    void evaluate_sendsTheResolutionWhenTheRowDisappears() {
        AlertRule r = rule(null, TWO_LEVELS, null);
        LabelSet l = LabelSet.of("service", "checkout");
        var first = RuleEvaluation.evaluate(r, List.of(new Sample(l, 0.2)), Map.of(), T0, false);
        var second = RuleEvaluation.evaluate(r, List.of(), first.instances(), T0.plusSeconds(60), false);
        assertThat(second.alerts()).hasSize(1);
        assertThat(second.alerts().get(0).endsAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(second.transitions())
                .extracting(RuleEvaluation.Transition::to)
                .containsExactly(InstanceState.RESOLVED);
    }

    @Test
    void evaluate_pendingSendsNothingAndResendsUnchangedAlertsOncePerMinute() {
        AlertRule r = rule(null, TWO_LEVELS, "2m");
        LabelSet l = LabelSet.of("service", "checkout");
        Map<LabelSet, RuleInstance> state = new HashMap<>();
        var p = RuleEvaluation.evaluate(r, List.of(new Sample(l, 0.2)), state, T0, false);
        assertThat(p.alerts()).isEmpty();
        var f = RuleEvaluation.evaluate(r, List.of(new Sample(l, 0.2)), p.instances(), T0.plusSeconds(120), false);
        assertThat(f.alerts()).hasSize(1);
        var same = RuleEvaluation.evaluate(r, List.of(new Sample(l, 0.2)), f.instances(), T0.plusSeconds(150), false);
        assertThat(same.alerts()).isEmpty();
        var resend =
                RuleEvaluation.evaluate(r, List.of(new Sample(l, 0.2)), same.instances(), T0.plusSeconds(180), false);
        assertThat(resend.alerts()).hasSize(1);
    }

    @Test
    void conditions_ratioChangeAndAbsence() {
        List<Map<String, Object>> rows = List.of(
                Map.of("service", "pay", "failed", 5, "total", 50), Map.of("service", "cart", "failed", 1, "total", 0));
        assertThat(ScheduledEvaluator.ratio(rows, "failed", "total", null))
                .containsExactly(new Sample(LabelSet.of("service", "pay"), 0.1));
        List<Sample> change = ScheduledEvaluator.change(
                List.of(Map.of("service", "pay", "value", 130)),
                List.of(Map.of("service", "pay", "value", 100)),
                "value");
        assertThat(change).containsExactly(new Sample(LabelSet.of("service", "pay"), 30.0));
        assertThat(ScheduledEvaluator.absence(List.of(), "value")).containsExactly(new Sample(LabelSet.EMPTY, 0));
        assertThat(ScheduledEvaluator.absence(List.of(Map.of("value", 3L)), "value"))
                .containsExactly(new Sample(LabelSet.EMPTY, 3));
    }

    @Test
    void absence_firesEvenWhenTheQueryReturnsNoRows() {
        AlertRule r = rule(new RuleSpec.Condition("absence", null, null, null, null, null), null, null);
        var res = RuleEvaluation.evaluate(
                r, ScheduledEvaluator.evaluate(r, (org, sql, s, e) -> List.of(), T0), Map.of(), T0, false);
        assertThat(res.alerts()).singleElement().satisfies(a -> assertThat(a.labels())
                .containsEntry("severity", "critical"));
    }

    @Test
    void change_comparesWithTheSameWindowAnOffsetEarlier() {
        AlertRule r = rule(
                new RuleSpec.Condition("change", null, null, null, null, "1d"),
                List.of(new RuleSpec.Severity("warning", ">=", 30.0, null)),
                null);
        RuleQueryExecutor executor = (org, sql, start, end) -> end.equals(T0)
                ? List.of(Map.of("service", "pay", "value", 130))
                : List.of(Map.of("service", "pay", "value", 100));
        assertThat(ScheduledEvaluator.evaluate(r, executor, T0))
                .containsExactly(new Sample(LabelSet.of("service", "pay"), 30.0));
    }

    @Test
    void compile_reportsEveryProblem() {
        assertThatThrownBy(() -> AlertRule.compile(
                        "x",
                        "o",
                        new RuleSpec(
                                "bad name!",
                                "scheduled",
                                "DELETE FROM x",
                                "0s",
                                null,
                                null,
                                null,
                                null,
                                "soon",
                                null,
                                null,
                                null,
                                null)))
                .hasMessageContaining("name must be")
                .hasMessageContaining("interval must be at least 1s")
                .hasMessageContaining("the query must be a SELECT")
                .hasMessageContaining("for:")
                .hasMessageContaining("severities must list");
    }

    @Test
    void realtimeGroup_countsMatchingEventsOfItsStreamInTheirGroup() {
        AlertRule r = AlertRule.compile(
                "r2",
                "acme",
                new RuleSpec(
                        "PaymentFailureBurst",
                        "realtime",
                        null,
                        null,
                        null,
                        null,
                        new RuleSpec.Realtime(
                                "events", List.of("type=\"payment_failed\""), List.of("properties_merchant_id"), "1m"),
                        List.of(new RuleSpec.Severity("critical", ">=", 5.0, null)),
                        null,
                        null,
                        null,
                        null,
                        true));
        Map<String, String> failed = Map.of("type", "payment_failed", "properties_merchant_id", "m-1");
        assertThat(r.realtimeGroup("events", failed)).isEqualTo(LabelSet.of("properties_merchant_id", "m-1"));
        assertThat(r.realtimeGroup("events", Map.of("type", "payment_failed"))).isEqualTo(LabelSet.EMPTY);
        assertThat(r.realtimeGroup("events", Map.of("type", "payment_succeeded", "properties_merchant_id", "m-1")))
                .isNull();
        assertThat(r.realtimeGroup("logs", failed)).isNull();
        assertThat(rule(null, TWO_LEVELS, null).realtimeGroup("events", failed)).isNull();
    }
}
