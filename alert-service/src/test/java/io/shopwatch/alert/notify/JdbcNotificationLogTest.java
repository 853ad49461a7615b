package io.shopwatch.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.alert.ha.LeaseManager;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared notification log on a real PostgreSQL: claims need the lease, and roll back to the previous entry. */
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

    private static NflogEntry entry(Set<Long> firing, Instant tick) {
        return new NflogEntry(firing, Set.of(), tick, tick.plus(Duration.ofDays(5)));
    }

    @Test
    void claim_onlyTheLeaseHolderMayClaimAndTheDecisionSeesTheCommittedEntry() throws Exception {
        LeaseManager a = new LeaseManager(dataSource, "nflog-test", "a", Duration.ofSeconds(30));
        LeaseManager b = new LeaseManager(dataSource, "nflog-test", "b", Duration.ofSeconds(30));
        assertThat(a.acquireOrRenew()).isPresent();
        assertThat(b.acquireOrRenew()).isEmpty();
        JdbcNotificationLog logA = new JdbcNotificationLog(dataSource, a);
        JdbcNotificationLog logB = new JdbcNotificationLog(dataSource, b);
        NflogKey key = new NflogKey("org", "r", "webhook", 0, "{}:{}");

        assertThat(logB.claim(key, last -> Optional.of(NotificationReason.FIRST_NOTIFICATION), entry(Set.of(1L), T0)))
                .isEmpty();
        Optional<NotificationLog.Claim> claim = logA.claim(
                key,
                last -> DedupDecision.decide(last, Set.of(1L), Set.of(), true, Duration.ofHours(4), T0),
                entry(Set.of(1L), T0));
        assertThat(claim).map(NotificationLog.Claim::reason).contains(NotificationReason.FIRST_NOTIFICATION);
        claim.get().commit();

        a.release();
        assertThat(b.acquireOrRenew()).isPresent();
        // the new holder decides against what the old one logged: nothing new, nothing sent
        assertThat(logB.claim(
                        key,
                        last -> DedupDecision.decide(
                                last, Set.of(1L), Set.of(), true, Duration.ofHours(4), T0.plusSeconds(5)),
                        entry(Set.of(1L), T0.plusSeconds(5))))
                .isEmpty();
        assertThat(logA.claim(key, last -> Optional.of(NotificationReason.NEW_ALERTS_ADDED), entry(Set.of(1L, 2L), T0)))
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
        assertThat(formerLeader.claim(
                        new NflogKey("org", "r", "webhook", 0, "{}:{expiry}"),
                        last -> Optional.of(NotificationReason.FIRST_NOTIFICATION),
                        entry(Set.of(1L), T0)))
                .isEmpty();
    }

    @Test
    void rollback_restoresThePreviousEntrySoTheNextTickTriesAgain() throws Exception {
        LeaseManager lease = new LeaseManager(dataSource, "nflog-rollback", "a", Duration.ofSeconds(30));
        assertThat(lease.acquireOrRenew()).isPresent();
        JdbcNotificationLog log = new JdbcNotificationLog(dataSource, lease);
        NflogKey key = new NflogKey("org", "r", "webhook", 0, "{}:{x}");
        log.claim(key, last -> Optional.of(NotificationReason.FIRST_NOTIFICATION), entry(Set.of(1L), T0))
                .orElseThrow()
                .commit();
        log.claim(
                        key,
                        last -> Optional.of(NotificationReason.NEW_ALERTS_ADDED),
                        entry(Set.of(1L, 2L), T0.plusSeconds(1)))
                .orElseThrow()
                .rollback();
        assertThat(log.get(key)).map(NflogEntry::firing).contains(Set.of(1L));
        assertThat(log.get(key)).map(NflogEntry::timestamp).contains(T0);
    }
}
