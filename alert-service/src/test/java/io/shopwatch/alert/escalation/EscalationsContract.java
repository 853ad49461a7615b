package io.shopwatch.alert.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Escalations} does: run by the in-memory and the JDBC implementation
 * ({@link EscalationsContractTest}).
 */
public abstract class EscalationsContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Escalations escalations;
    private String org;

    /** A store to test; the same one may be handed out again, so tests use an organisation of their own. */
    protected abstract Escalations escalations();

    @BeforeEach
    void store() {
        escalations = escalations();
        org = "org-" + UUID.randomUUID();
    }

    private Notification snapshot(String groupKey) {
        Alert a = new Alert(LabelSet.of("alertname", "Down"), Map.of(), T0, null, "", T0, false);
        return Notification.of(
                org,
                "team",
                List.of(a),
                LabelSet.of("alertname", "Down"),
                "http://alerts.test",
                groupKey,
                NotificationReason.FIRST_NOTIFICATION,
                T0);
    }

    private EscalationState state(String groupId, String receiver, Instant nextAt) {
        return new EscalationState(org, groupId, "key-" + groupId, receiver, "page", T0, 0, 0, nextAt, snapshot("v1"));
    }

    private List<EscalationState> dueOfThisOrg(Instant now) {
        return escalations.due(now, 1000).stream()
                .filter(s -> s.org().equals(org))
                .toList();
    }

    @Test
    void forGroup_afterStart_holdsTheState() {
        escalations.start(state("g1", "team", T0.plusSeconds(60)));

        List<EscalationState> found = escalations.forGroup(org, "g1");
        assertThat(found).hasSize(1);
        EscalationState s = found.get(0);
        assertThat(s.groupKey()).isEqualTo("key-g1");
        assertThat(s.receiver()).isEqualTo("team");
        assertThat(s.policy()).isEqualTo("page");
        assertThat(s.nextAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(s.snapshot().groupKey()).isEqualTo("v1");
    }

    @Test
    void start_again_keepsTheProgress() {
        escalations.start(state("g1", "team", T0.plusSeconds(60)));
        EscalationState s = escalations.forGroup(org, "g1").get(0);
        escalations.update(s.next(T0, 1, 2, T0.plusSeconds(120)));

        escalations.start(state("g1", "team", T0.plusSeconds(60)));

        EscalationState after = escalations.forGroup(org, "g1").get(0);
        assertThat(after.round()).isEqualTo(1);
        assertThat(after.nextStep()).isEqualTo(2);
        assertThat(after.nextAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void due_returnsThoseAtOrBeforeNow_earliestFirst() {
        escalations.start(state("g1", "team", T0.plusSeconds(90)));
        escalations.start(state("g2", "team", T0.plusSeconds(30)));
        escalations.start(state("g3", "team", T0.plusSeconds(200)));

        assertThat(dueOfThisOrg(T0)).isEmpty();
        assertThat(dueOfThisOrg(T0.plusSeconds(90)))
                .extracting(EscalationState::groupId)
                .containsExactly("g2", "g1");
    }

    @Test
    void update_movesTheNextStep() {
        escalations.start(state("g1", "team", T0.plusSeconds(60)));
        EscalationState s = escalations.forGroup(org, "g1").get(0);

        escalations.update(s.next(T0.plusSeconds(100), 1, 0, T0.plusSeconds(400)));

        assertThat(dueOfThisOrg(T0.plusSeconds(60))).isEmpty();
        EscalationState after = escalations.forGroup(org, "g1").get(0);
        assertThat(after.roundStart()).isEqualTo(T0.plusSeconds(100));
        assertThat(after.round()).isEqualTo(1);
        assertThat(after.nextAt()).isEqualTo(T0.plusSeconds(400));
    }

    @Test
    void refresh_replacesTheSnapshotOnly() {
        escalations.start(state("g1", "team", T0.plusSeconds(60)));

        escalations.refresh(org, "g1", "team", snapshot("v2"));
        escalations.refresh(org, "g1", "nobody", snapshot("v3"));

        EscalationState after = escalations.forGroup(org, "g1").get(0);
        assertThat(after.snapshot().groupKey()).isEqualTo("v2");
        assertThat(after.nextAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(escalations.forGroup(org, "g1")).hasSize(1);
    }

    @Test
    void delete_removesOneReceiver_stopRemovesTheGroup() {
        escalations.start(state("g1", "team", T0.plusSeconds(60)));
        escalations.start(state("g1", "ops", T0.plusSeconds(60)));
        escalations.start(state("g2", "team", T0.plusSeconds(60)));

        escalations.delete(escalations.forGroup(org, "g1").stream()
                .filter(s -> s.receiver().equals("ops"))
                .findFirst()
                .orElseThrow());
        assertThat(escalations.forGroup(org, "g1"))
                .extracting(EscalationState::receiver)
                .containsExactly("team");

        escalations.stop(org, "g1");
        assertThat(escalations.forGroup(org, "g1")).isEmpty();
        assertThat(escalations.forGroup(org, "g2")).hasSize(1);
    }
}
