package io.shopwatch.alert.notificationlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.alert.delivery.DedupDecision;
import io.shopwatch.alert.ha.LeaseManager;
import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.outbox.JdbcOutbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared notification log on a real PostgreSQL: claims need the lease and store the decision with its outbox row. */
class JdbcNotificationLogTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static HikariDataSource dataSource;

    @BeforeAll
    static void database() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(EmbeddedPostgresSupport.newDatabase("alert_nflog"));
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    private static NotificationLogEntry entry(Set<Long> firing, Instant tick) {
        return new NotificationLogEntry(firing, Set.of(), tick, tick.plus(Duration.ofDays(5)));
    }

    private static Optional<NotificationLog.Enqueued> claim(
            JdbcNotificationLog nflog,
            NotificationLogKey key,
            Function<Optional<NotificationLogEntry>, Optional<NotificationReason>> decide,
            NotificationLogEntry next) {
        return nflog.claimAndEnqueue(
                key, decide, next, reason -> NotificationLogContract.draft(key, next, reason), outbox());
    }

    private static JdbcOutbox outbox() {
        return new JdbcOutbox(dataSource);
    }

    @Test
    void claim_onlyTheLeaseHolderMayClaimAndTheDecisionSeesTheCommittedEntry() throws Exception {
        LeaseManager a = new LeaseManager(dataSource, "nflog-test", "a", Duration.ofSeconds(30));
        LeaseManager b = new LeaseManager(dataSource, "nflog-test", "b", Duration.ofSeconds(30));
        assertThat(a.acquireOrRenew()).isPresent();
        assertThat(b.acquireOrRenew()).isEmpty();
        JdbcNotificationLog logA = new JdbcNotificationLog(dataSource, a);
        JdbcNotificationLog logB = new JdbcNotificationLog(dataSource, b);
        NotificationLogKey key = new NotificationLogKey("org", "r", "webhook", 0, "{}:{}");

        assertThat(claim(logB, key, last -> Optional.of(NotificationReason.FIRST_NOTIFICATION), entry(Set.of(1L), T0)))
                .isEmpty();
        Optional<NotificationLog.Enqueued> claim = claim(
                logA,
                key,
                last -> DedupDecision.decide(last, Set.of(1L), Set.of(), true, Duration.ofHours(4), T0),
                entry(Set.of(1L), T0));
        assertThat(claim).map(NotificationLog.Enqueued::reason).contains(NotificationReason.FIRST_NOTIFICATION);

        a.release();
        assertThat(b.acquireOrRenew()).isPresent();
        // the new holder decides against what the old one logged: nothing new, nothing sent
        assertThat(claim(
                        logB,
                        key,
                        last -> DedupDecision.decide(
                                last, Set.of(1L), Set.of(), true, Duration.ofHours(4), T0.plusSeconds(5)),
                        entry(Set.of(1L), T0.plusSeconds(5))))
                .isEmpty();
        assertThat(claim(
                        logA, key, last -> Optional.of(NotificationReason.NEW_ALERTS_ADDED), entry(Set.of(1L, 2L), T0)))
                .isEmpty();
    }

    @Test
    void lease_passesToAStandbyOnlyAfterItExpiredAndThenFencesTheFormerHolder() throws Exception {
        LeaseManager a = new LeaseManager(dataSource, "nflog-expiry", "a", Duration.ofMillis(800));
        LeaseManager b = new LeaseManager(dataSource, "nflog-expiry", "b", Duration.ofMillis(800));
        long first = a.acquireOrRenew().orElseThrow();
        assertThat(b.acquireOrRenew()).isEmpty();
        Thread.sleep(1000); // a "crashed": it stopped renewing
        long second = b.acquireOrRenew().orElseThrow();
        assertThat(second).isGreaterThan(first);
        assertThat(a.acquireOrRenew()).isEmpty();
        JdbcNotificationLog formerLeader = new JdbcNotificationLog(dataSource, a);
        assertThat(claim(
                        formerLeader,
                        new NotificationLogKey("org", "r", "webhook", 0, "{}:{expiry}"),
                        last -> Optional.of(NotificationReason.FIRST_NOTIFICATION),
                        entry(Set.of(1L), T0)))
                .isEmpty();
    }

    @Test
    void aDecision_isStoredWithItsOutboxRowInOneStep() throws Exception {
        LeaseManager lease = new LeaseManager(dataSource, "nflog-outbox", "a", Duration.ofSeconds(30));
        assertThat(lease.acquireOrRenew()).isPresent();
        JdbcNotificationLog log = new JdbcNotificationLog(dataSource, lease);
        NotificationLogKey key = new NotificationLogKey("org-outbox", "r", "webhook", 0, "{}:{x}");

        long id = claim(log, key, last -> Optional.of(NotificationReason.FIRST_NOTIFICATION), entry(Set.of(1L), T0))
                .orElseThrow()
                .outboxId();
        assertThat(id).isPositive();
        assertThat(outbox().get("org-outbox", id)).map(OutboxEntry::status).contains(OutboxEntry.Status.PENDING);
        assertThat(log.get(key)).map(NotificationLogEntry::firing).contains(Set.of(1L));

        // a decision that builds no notification is still recorded, without an outbox row
        NotificationLogEntry next = entry(Set.of(1L, 2L), T0.plusSeconds(1));
        assertThat(log.claimAndEnqueue(
                        key, last -> Optional.of(NotificationReason.NEW_ALERTS_ADDED), next, reason -> null, outbox()))
                .map(NotificationLog.Enqueued::outboxId)
                .contains(0L);
        assertThat(log.get(key)).map(NotificationLogEntry::timestamp).contains(T0.plusSeconds(1));
        assertThat(outbox().list("org-outbox", Optional.empty(), Optional.empty(), 10))
                .hasSize(1);
    }
}
