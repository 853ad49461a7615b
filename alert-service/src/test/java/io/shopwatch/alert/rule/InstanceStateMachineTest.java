package io.shopwatch.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.core.LabelSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One test per transition of the instance state machine. */
class InstanceStateMachineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration FOR = Duration.ofMinutes(2);
    private static final Duration KEEP = Duration.ofMinutes(5);
    private static final RuleInstance INACTIVE = RuleInstance.inactive(LabelSet.of("service", "checkout"));

    private static RuleInstance step(RuleInstance i, String severity, int minute, Duration forD, Duration keep) {
        return InstanceStateMachine.next(i, severity, 1, T0.plus(Duration.ofMinutes(minute)), forD, keep);
    }

    @Test
    void inactive_conditionHolds_becomesPending() {
        RuleInstance i = step(INACTIVE, "critical", 0, FOR, Duration.ZERO);
        assertThat(i.state()).isEqualTo(InstanceState.PENDING);
        assertThat(i.activeAt()).isEqualTo(T0);
    }

    @Test
    void inactive_conditionHoldsWithoutFor_firesAtOnce() {
        RuleInstance i = step(INACTIVE, "critical", 0, Duration.ZERO, Duration.ZERO);
        assertThat(i.state()).isEqualTo(InstanceState.FIRING);
        assertThat(i.firedAt()).isEqualTo(T0);
    }

    @Test
    void inactive_conditionDoesNotHold_staysInactive() {
        assertThat(step(INACTIVE, null, 0, FOR, Duration.ZERO).state()).isEqualTo(InstanceState.INACTIVE);
    }

    @Test
    void pending_holdsShorterThanFor_staysPending() {
        RuleInstance p = step(INACTIVE, "critical", 0, FOR, Duration.ZERO);
        assertThat(step(p, "critical", 1, FOR, Duration.ZERO).state()).isEqualTo(InstanceState.PENDING);
    }

    @Test
    void pending_holdsForTheWholeFor_fires() {
        RuleInstance p = step(INACTIVE, "critical", 0, FOR, Duration.ZERO);
        RuleInstance f = step(p, "critical", 2, FOR, Duration.ZERO);
        assertThat(f.state()).isEqualTo(InstanceState.FIRING);
        assertThat(f.activeAt()).isEqualTo(T0);
        assertThat(f.firedAt()).isEqualTo(T0.plus(FOR));
    }

    @Test
    void pending_stopsHolding_becomesInactiveWithoutEverFiring() {
        RuleInstance p = step(INACTIVE, "critical", 0, FOR, Duration.ZERO);
        assertThat(step(p, null, 1, FOR, Duration.ZERO).state()).isEqualTo(InstanceState.INACTIVE);
    }

    @Test
    void firing_keepsHolding_staysFiringAndFollowsTheSeverity() {
        RuleInstance f = step(INACTIVE, "warning", 0, Duration.ZERO, Duration.ZERO);
        RuleInstance g = step(f, "critical", 1, Duration.ZERO, Duration.ZERO);
        assertThat(g.state()).isEqualTo(InstanceState.FIRING);
        assertThat(g.severity()).isEqualTo("critical");
        assertThat(g.firedAt()).isEqualTo(T0);
    }

    @Test
    void firing_stops_resolves() {
        RuleInstance f = step(INACTIVE, "critical", 0, Duration.ZERO, Duration.ZERO);
        RuleInstance r = step(f, null, 1, Duration.ZERO, Duration.ZERO);
        assertThat(r.state()).isEqualTo(InstanceState.RESOLVED);
        assertThat(r.resolvedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(r.severity()).isEqualTo("critical");
    }

    @Test
    void firing_stopsWithKeepFiringFor_keepsFiringUntilItPasses() {
        RuleInstance f = step(INACTIVE, "critical", 0, Duration.ZERO, KEEP);
        RuleInstance kept = step(f, null, 4, Duration.ZERO, KEEP);
        assertThat(kept.state()).isEqualTo(InstanceState.FIRING);
        RuleInstance resolved = step(kept, null, 5, Duration.ZERO, KEEP);
        assertThat(resolved.state()).isEqualTo(InstanceState.RESOLVED);
    }

    @Test
    void firing_holdsAgainDuringKeepFiringFor_restartsTheKeepWindow() {
        RuleInstance f = step(INACTIVE, "critical", 0, Duration.ZERO, KEEP);
        RuleInstance kept = step(f, null, 4, Duration.ZERO, KEEP);
        RuleInstance again = step(kept, "critical", 6, Duration.ZERO, KEEP);
        assertThat(step(again, null, 10, Duration.ZERO, KEEP).state()).isEqualTo(InstanceState.FIRING);
    }

    @Test
    void resolved_holdsAgain_startsANewActivation() {
        RuleInstance f = step(INACTIVE, "critical", 0, FOR, Duration.ZERO);
        RuleInstance fired = step(f, "critical", 2, FOR, Duration.ZERO);
        RuleInstance r = step(fired, null, 3, FOR, Duration.ZERO);
        RuleInstance p = step(r, "critical", 4, FOR, Duration.ZERO);
        assertThat(p.state()).isEqualTo(InstanceState.PENDING);
        assertThat(p.activeAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
    }

    @Test
    void resolved_keptForRetentionThenForgotten() {
        RuleInstance f = step(INACTIVE, "critical", 0, Duration.ZERO, Duration.ZERO);
        RuleInstance r = step(f, null, 1, Duration.ZERO, Duration.ZERO);
        assertThat(step(r, null, 10, Duration.ZERO, Duration.ZERO).state()).isEqualTo(InstanceState.RESOLVED);
        assertThat(step(r, null, 16, Duration.ZERO, Duration.ZERO).state()).isEqualTo(InstanceState.INACTIVE);
    }
}
