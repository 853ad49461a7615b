package io.shopwatch.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which stored records the real-time consumer lets through to a rule, decided from the record's key alone. */
class RealtimeStreamFilterTest {

    private static RuleSpec withRealtime(RuleSpec r, RuleSpec.Realtime realtime) {
        return new RuleSpec(
                r.name(),
                r.type(),
                r.query(),
                r.interval(),
                r.lookback(),
                r.condition(),
                realtime,
                r.severities(),
                r.forDuration(),
                r.keepFiringFor(),
                r.labels(),
                r.annotations(),
                r.enabled());
    }

    @Test
    void aRealtimeRuleReadsItsStreamOnly_orEveryStreamWhenItNamesNone_andOtherRulesReadNone() {
        RuleSpec.Realtime named = new RuleSpec.Realtime("events", List.of("type=\"payment_failed\""), List.of(), "1m");
        RuleSpec.Realtime any = new RuleSpec.Realtime(null, List.of("type=\"payment_failed\""), List.of(), "1m");
        List<RuleSpec> realtime = RulePack.ECOMMERCE.rules().stream()
                .filter(r -> r.realtime() != null)
                .toList();
        assertThat(realtime).as("the pack has real-time rules").isNotEmpty();
        RuleSpec template = realtime.get(0);

        AlertRule onEvents = AlertRule.compile("1", "shop", withRealtime(template, named));
        AlertRule onAny = AlertRule.compile("2", "shop", withRealtime(template, any));

        assertThat(onEvents.readsStream("events")).isTrue();
        assertThat(onEvents.readsStream("web_logs")).isFalse();
        assertThat(onAny.readsStream("web_logs")).isTrue();
        RuleSpec scheduled = RulePack.ECOMMERCE.rules().stream()
                .filter(r -> r.realtime() == null)
                .findFirst()
                .orElseThrow();
        assertThat(AlertRule.compile("3", "shop", scheduled).readsStream("events"))
                .isFalse();
    }
}
