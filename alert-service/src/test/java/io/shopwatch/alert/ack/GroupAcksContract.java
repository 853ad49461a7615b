package io.shopwatch.alert.ack;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.notify.NotificationExtras.Ack;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link GroupAcks} does: run by the in-memory and the JDBC implementation ({@link GroupAcksContractTest}). */
public abstract class GroupAcksContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private GroupAcks acks;
    private String org;

    /** A store to test; the same one may be handed out again, so tests use an organisation of their own. */
    protected abstract GroupAcks acks();

    @BeforeEach
    void store() {
        acks = acks();
        org = "org-" + UUID.randomUUID();
    }

    private static Ack ack(String by, Instant expiresAt) {
        return new Ack(by, T0, "on it", expiresAt);
    }

    @Test
    void get_nothingStored_isEmpty() {
        assertThat(acks.get(org, "g1", T0)).isEmpty();
    }

    @Test
    void get_afterPut_returnsTheAck() {
        acks.put(org, "g1", "{}:{alertname=\"a\"}", ack("alice", T0.plus(Duration.ofHours(1))));

        assertThat(acks.get(org, "g1", T0.plusSeconds(1))).contains(ack("alice", T0.plus(Duration.ofHours(1))));
    }

    @Test
    void get_atOrAfterExpiry_isEmpty() {
        acks.put(org, "g1", "key", ack("alice", T0.plusSeconds(60)));

        assertThat(acks.get(org, "g1", T0.plusSeconds(59))).isPresent();
        assertThat(acks.get(org, "g1", T0.plusSeconds(60))).isEmpty();
        assertThat(acks.get(org, "g1", T0.plusSeconds(61))).isEmpty();
    }

    @Test
    void put_again_replacesTheAck() {
        acks.put(org, "g1", "key", ack("alice", T0.plusSeconds(60)));
        acks.put(org, "g1", "key", ack("bob", T0.plusSeconds(600)));

        assertThat(acks.get(org, "g1", T0.plusSeconds(300))).contains(ack("bob", T0.plusSeconds(600)));
    }

    @Test
    void clear_removesTheAckAndTellsWhetherThereWasOne() {
        acks.put(org, "g1", "key", ack("alice", T0.plusSeconds(60)));

        assertThat(acks.clear(org, "g1")).isTrue();
        assertThat(acks.get(org, "g1", T0)).isEmpty();
        assertThat(acks.clear(org, "g1")).isFalse();
    }

    @Test
    void groupsAndOrgs_areSeparate() {
        acks.put(org, "g1", "key", ack("alice", T0.plusSeconds(60)));

        assertThat(acks.get(org, "g2", T0)).isEmpty();
        assertThat(acks.get(org + "-other", "g1", T0)).isEmpty();
        assertThat(acks.clear(org + "-other", "g1")).isFalse();
        assertThat(acks.get(org, "g1", T0)).isPresent();
    }
}
