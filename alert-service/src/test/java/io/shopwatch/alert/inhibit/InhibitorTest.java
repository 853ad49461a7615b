package io.shopwatch.alert.inhibit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.matcher.Matcher;
import io.shopwatch.alert.matcher.Matchers;
import io.shopwatch.alert.testing.VirtualScheduler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InhibitorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final VirtualScheduler.MutableClock clock = new VirtualScheduler.MutableClock(T0);

    private static Alert firing(String... labels) {
        return new Alert(LabelSet.of(labels), Map.of(), T0, T0.plusSeconds(300), "", T0, true);
    }

    @Test
    void inhibitedBy_requiresEqualLabelsAndTreatsMissingAsEmpty() {
        Inhibitor inhibitor = new Inhibitor(
                List.of(new InhibitRule(
                        new Matchers(List.of(Matcher.equal("severity", "critical"))),
                        new Matchers(List.of(Matcher.equal("severity", "warning"))),
                        List.of("alertname", "cluster"))),
                clock);
        Alert critical = firing("alertname", "Disk", "severity", "critical");
        inhibitor.observe(critical);
        assertThat(inhibitor.inhibitedBy(LabelSet.of("alertname", "Disk", "severity", "warning")))
                .contains(critical.fingerprint());
        assertThat(inhibitor.mutes(LabelSet.of("alertname", "Disk", "severity", "warning", "cluster", "eu")))
                .isFalse();
        assertThat(inhibitor.mutes(LabelSet.of("alertname", "Cpu", "severity", "warning")))
                .isFalse();
    }

    @Test
    void inhibitedBy_ignoresResolvedSources() {
        Inhibitor inhibitor = new Inhibitor(
                List.of(new InhibitRule(
                        new Matchers(List.of(Matcher.equal("a", "src"))),
                        new Matchers(List.of(Matcher.equal("a", "dst"))),
                        List.of())),
                clock);
        inhibitor.observe(firing("a", "src"));
        assertThat(inhibitor.mutes(LabelSet.of("a", "dst"))).isTrue();
        clock.set(T0.plusSeconds(301));
        assertThat(inhibitor.mutes(LabelSet.of("a", "dst"))).isFalse();
    }

    @Test
    void inhibitedBy_anAlertMatchingBothSidesIsNotInhibitedByAnotherMatchingBoth() {
        Inhibitor inhibitor = new Inhibitor(
                List.of(new InhibitRule(
                        new Matchers(List.of(Matcher.regex("x", ".+"))),
                        new Matchers(List.of(Matcher.regex("x", ".+"))),
                        List.of())),
                clock);
        inhibitor.observe(firing("x", "1"));
        inhibitor.observe(firing("x", "2"));
        assertThat(inhibitor.mutes(LabelSet.of("x", "1"))).isFalse();
    }
}
