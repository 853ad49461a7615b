package io.shopwatch.alert.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void fingerprint_isPrometheusFnv1a() {
        assertThat(LabelSet.of("alertname", "HighErrorRate", "service", "checkout")
                        .fingerprintHex())
                .isEqualTo("e2c3a7f7be80496b");
        assertThat(LabelSet.EMPTY.fingerprintHex()).isEqualTo("cbf29ce484222325");
    }

    @Test
    void labelSet_dropsEmptyValuesAndPrintsLikeGo() {
        LabelSet set = LabelSet.of(Map.of("b", "x\"y", "a", "1", "empty", ""));
        assertThat(set.asMap()).containsOnlyKeys("a", "b");
        assertThat(set.toString()).isEqualTo("{a=\"1\", b=\"x\\\"y\"}");
        assertThat(set.get("missing")).isEmpty();
    }

    @Test
    void common_keepsLabelsEqualInAllSets() {
        LabelSet common = LabelSet.common(java.util.List.of(
                LabelSet.of("a", "1", "b", "2"), LabelSet.of("a", "1", "b", "3"), LabelSet.of("a", "1")));
        assertThat(common).isEqualTo(LabelSet.of("a", "1"));
    }

    @Test
    void durations_parseAndFormatPrometheusStyle() {
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("4900ms")).isEqualTo(Duration.ofMillis(4900));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("0")).isZero();
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThatThrownBy(() -> Durations.parse("5 minutes")).hasMessageContaining("not a valid duration");
        assertThatThrownBy(() -> Durations.parse("30m1h")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void intake_defaultsStartToNowAndEndToResolveTimeout() {
        Alert a = AlertIntake.complete(Map.of("alertname", "x"), Map.of(), null, null, "", T0, Duration.ofMinutes(5));
        assertThat(a.startsAt()).isEqualTo(T0);
        assertThat(a.endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(a.timeout()).isTrue();
        Alert onlyEnd = AlertIntake.complete(
                Map.of("alertname", "x"), Map.of(), null, T0.minusSeconds(5), "", T0, Duration.ofMinutes(5));
        assertThat(onlyEnd.startsAt()).isEqualTo(T0.minusSeconds(5));
        assertThat(onlyEnd.timeout()).isFalse();
    }

    @Test
    void intake_keepsTimesToTheMicrosecondAsPostgresqlDoes() {
        Instant start = Instant.parse("2026-12-07T22:30:51.446921141Z");
        Alert a = AlertIntake.complete(
                Map.of("alertname", "x"), Map.of(), start, start.plusNanos(999), "", T0, Duration.ofMinutes(5));
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2026-12-07T22:30:51.446921Z"));
        assertThat(a.endsAt()).isEqualTo(Instant.parse("2026-12-07T22:30:51.446922Z"));
        Alert defaulted =
                AlertIntake.complete(Map.of("alertname", "x"), Map.of(), null, null, "", start, Duration.ofMinutes(5));
        assertThat(defaulted.startsAt()).isEqualTo(Instant.parse("2026-12-07T22:30:51.446921Z"));
        assertThat(defaulted.endsAt()).isEqualTo(Instant.parse("2026-12-07T22:35:51.446921Z"));
    }

    @Test
    void intake_rejectsAlertsWithoutLabelsOrEndingBeforeTheyStart() {
        assertThatThrownBy(() -> AlertIntake.complete(Map.of(), Map.of(), null, null, "", T0, Duration.ofMinutes(5)))
                .hasMessageContaining("at least one label pair required");
        assertThatThrownBy(() -> AlertIntake.complete(
                        Map.of("a", "b"), Map.of(), T0, T0.minusSeconds(1), "", T0, Duration.ofMinutes(5)))
                .hasMessageContaining("start time must be before end time");
    }

    @Test
    void merge_timeoutEndDoesNotOverrideAnExplicitLaterEnd() {
        LabelSet l = LabelSet.of("alertname", "x");
        Alert older = new Alert(l, Map.of(), T0, T0.plusSeconds(600), "", T0, false);
        Alert younger = new Alert(l, Map.of(), T0.plusSeconds(10), T0.plusSeconds(310), "", T0.plusSeconds(10), true);
        Alert merged = older.merge(younger, T0.plusSeconds(10));
        assertThat(merged.startsAt()).isEqualTo(T0);
        assertThat(merged.endsAt()).isEqualTo(T0.plusSeconds(600));

        Alert olderTimeout = new Alert(l, Map.of(), T0, T0.plusSeconds(600), "", T0, true);
        assertThat(olderTimeout.merge(younger, T0.plusSeconds(10)).endsAt()).isEqualTo(T0.plusSeconds(310));
    }

    @Test
    void absorb_replacesInsteadOfMergingWhenActivityRangesDoNotOverlap() {
        LabelSet l = LabelSet.of("alertname", "x");
        Alert resolved = new Alert(l, Map.of(), T0, T0.plusSeconds(5), "", T0.plusSeconds(5), false);
        Alert refired = new Alert(l, Map.of(), T0.plusSeconds(10), T0.plusSeconds(310), "", T0.plusSeconds(10), true);
        assertThat(resolved.absorb(refired, T0.plusSeconds(10)).startsAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void notificationOrder_sortsByJobThenInstanceThenLabels() {
        Alert a = new Alert(LabelSet.of("alertname", "z", "job", "b"), Map.of(), T0, null, "", T0, false);
        Alert b = new Alert(LabelSet.of("alertname", "y", "job", "a"), Map.of(), T0, null, "", T0, false);
        Alert c = new Alert(LabelSet.of("alertname", "a"), Map.of(), T0, null, "", T0, false);
        java.util.List<Alert> list = new java.util.ArrayList<>(java.util.List.of(c, a, b));
        list.sort(Alert.NOTIFICATION_ORDER);
        assertThat(list).containsExactly(b, a, c);
    }
}
