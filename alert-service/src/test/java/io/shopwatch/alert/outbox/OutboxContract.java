package io.shopwatch.alert.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.outbox.OutboxEntry.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Outbox} does: the life of an entry ({@code PENDING → SENDING → DELIVERED | FAILED | EXPIRED}, back
 * to {@code PENDING} for a retry), run by the in-memory and the JDBC implementation ({@link OutboxContractTest}).
 */
public abstract class OutboxContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private Outbox outbox;
    private String org;
    private OutboxEntry.Target target;

    /** An outbox to test; the same one may be handed out again, so tests use an organisation of their own. */
    protected abstract Outbox outbox();

    @BeforeEach
    void store() {
        outbox = outbox();
        org = "org-" + UUID.randomUUID();
        target = new OutboxEntry.Target(org, "team", "webhook", 0);
    }

    private OutboxEntry.Draft draft(String decisionKey, String groupKey) {
        Alert alert = new Alert(LabelSet.of("alertname", "Down"), Map.of(), T0, null, "", T0, false);
        Notification n = Notification.of(
                org, "team", List.of(alert), LabelSet.of(), "", groupKey, NotificationReason.FIRST_NOTIFICATION, T0);
        // decision keys are unique in the whole outbox; the pipeline's start with the organisation
        return new OutboxEntry.Draft(
                target,
                groupKey,
                "g",
                org + "|" + decisionKey,
                OutboxEntry.Kind.NOTIFICATION,
                n,
                T0,
                T0.plus(Duration.ofDays(1)));
    }

    private Status status(long id) {
        return outbox.get(org, id).orElseThrow().status();
    }

    private List<Long> dueOfThisOrg(Instant now) {
        return outbox.acquireDue("worker", now, LEASE, 1000).stream()
                .filter(e -> e.target().org().equals(org))
                .map(OutboxEntry::id)
                .toList();
    }

    @Test
    void enqueue_storesAPendingEntryVisibleToItsOrgOnly() {
        long id = outbox.enqueue(draft("d1", "gk"));

        OutboxEntry e = outbox.get(org, id).orElseThrow();
        assertThat(e.status()).isEqualTo(Status.PENDING);
        assertThat(e.target()).isEqualTo(target);
        assertThat(e.decisionKey()).isEqualTo(org + "|d1");
        assertThat(e.notification().groupKey()).isEqualTo("gk");
        assertThat(outbox.get(org + "-other", id)).isEmpty();
    }

    @Test
    void enqueue_sameDecisionKey_returnsTheExistingEntry() {
        long first = outbox.enqueue(draft("d1", "gk"));

        assertThat(outbox.enqueue(draft("d1", "gk"))).isEqualTo(first);
        assertThat(outbox.list(org, Optional.empty(), Optional.empty(), 10)).hasSize(1);
    }

    @Test
    void acquire_locksAPendingEntryOnce() {
        long id = outbox.enqueue(draft("d1", "gk"));

        assertThat(outbox.acquire(id, "a", T0, LEASE)).isPresent();
        assertThat(status(id)).isEqualTo(Status.SENDING);
        assertThat(outbox.acquire(id, "b", T0, LEASE)).isEmpty();
        assertThat(dueOfThisOrg(T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void delivered_endsTheEntry() {
        long id = outbox.enqueue(draft("d1", "gk"));
        outbox.acquire(id, "a", T0, LEASE).orElseThrow();

        outbox.delivered(id, 1, "ok", T0.plusSeconds(1));

        OutboxEntry e = outbox.get(org, id).orElseThrow();
        assertThat(e.status()).isEqualTo(Status.DELIVERED);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(outbox.acquire(id, "a", T0.plusSeconds(2), LEASE)).isEmpty();
    }

    @Test
    void retryLater_makesTheEntryDueAgainAtNext() {
        long id = outbox.enqueue(draft("d1", "gk"));
        assertThat(dueOfThisOrg(T0.plusSeconds(1))).containsExactly(id);

        outbox.retryLater(id, 1, T0.plusSeconds(60), "503", "busy");

        assertThat(status(id)).isEqualTo(Status.PENDING);
        assertThat(dueOfThisOrg(T0.plusSeconds(59))).isEmpty();
        assertThat(dueOfThisOrg(T0.plusSeconds(60))).containsExactly(id);
    }

    @Test
    void finish_thenRetry_makesAFailedEntryPendingAgain() {
        long id = outbox.enqueue(draft("d1", "gk"));
        outbox.acquire(id, "a", T0, LEASE).orElseThrow();

        outbox.finish(id, Status.FAILED, 3, "400", "bad request", T0.plusSeconds(1));
        assertThat(status(id)).isEqualTo(Status.FAILED);
        assertThat(outbox.list(org, Optional.of(Status.FAILED), Optional.empty(), 10))
                .extracting(OutboxEntry::id)
                .containsExactly(id);

        assertThat(outbox.retry(org, id, T0.plusSeconds(2), T0.plus(Duration.ofDays(2))))
                .isTrue();
        assertThat(status(id)).isEqualTo(Status.PENDING);
        assertThat(outbox.retry(org + "-other", id, T0.plusSeconds(2), T0.plus(Duration.ofDays(2))))
                .isFalse();
    }

    @Test
    void releaseLapsedLocks_makesAnEntryWhoseSenderDiedPendingAgain() {
        long id = outbox.enqueue(draft("d1", "gk"));
        outbox.acquire(id, "a", T0, LEASE).orElseThrow();

        outbox.releaseLapsedLocks(T0.plusSeconds(10));
        assertThat(status(id)).isEqualTo(Status.SENDING);

        assertThat(outbox.releaseLapsedLocks(T0.plus(LEASE).plusSeconds(1))).isPositive();
        assertThat(status(id)).isEqualTo(Status.PENDING);
    }

    @Test
    void supersede_replacesOlderPendingEntriesOfTheSameIntegrationAndGroup() {
        long older = outbox.enqueue(draft("d1", "gk"));
        long otherGroup = outbox.enqueue(draft("d2", "gk-2"));
        long newer = outbox.enqueue(draft("d3", "gk"));

        assertThat(outbox.supersede(target, "gk", newer)).isEqualTo(1);

        assertThat(status(older)).isEqualTo(Status.SUPERSEDED);
        assertThat(status(otherGroup)).isEqualTo(Status.PENDING);
        assertThat(status(newer)).isEqualTo(Status.PENDING);
    }

    @Test
    void list_newestFirst() {
        long a = outbox.enqueue(draft("d1", "gk"));
        long b = outbox.enqueue(draft("d2", "gk"));

        assertThat(outbox.list(org, Optional.empty(), Optional.empty(), 10))
                .extracting(OutboxEntry::id)
                .containsExactly(b, a);
        assertThat(outbox.list(org, Optional.empty(), Optional.of("nobody"), 10))
                .isEmpty();
    }
}
