package io.shopwatch.config.change;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay against a real PostgreSQL and a sender standing in for a broker that is down and comes back: a
 * failed send is kept, retried after its backoff, and sent once; messages leave in the order they were written.
 */
class OutboxRelayTest {

    private static HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private Outbox outbox;
    private MutableClock clock;
    private final List<String> delivered = new ArrayList<>();
    private int failuresLeft;

    @BeforeAll
    static void database() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(EmbeddedPostgresSupport.newDatabase("outbox"));
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

    @BeforeEach
    void setUp() {
        jdbc = new JdbcTemplate(dataSource);
        jdbc.update("DELETE FROM config_outbox");
        outbox = new Outbox(jdbc);
        clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
        delivered.clear();
    }

    private OutboxRelay relay() {
        OutboxSender broker = (topic, key, value) -> {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("broker down");
            }
            delivered.add(topic + "/" + key + "/" + new String(value, StandardCharsets.UTF_8));
        };
        return new OutboxRelay(
                outbox,
                broker,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                clock,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                new SimpleMeterRegistry());
    }

    private void add(String key) {
        outbox.add(new ChangeMessages.Message("t", key, key.getBytes(StandardCharsets.UTF_8)), clock.instant());
    }

    @Test
    void relayDue_sendsInOrder_andMarksSent() {
        add("a");
        add("b");
        assertThat(relay().relayDue()).isEqualTo(2);
        assertThat(delivered).containsExactly("t/a/a", "t/b/b");
        assertThat(outbox.unsent()).isZero();
        assertThat(relay().relayDue()).isZero();
        assertThat(delivered).hasSize(2);
    }

    @Test
    void relayDue_failedSend_isKeptAndRetriedAfterBackoff_notLost() {
        add("a");
        add("b");
        failuresLeft = 1;
        OutboxRelay relay = relay();
        assertThat(relay.relayDue()).isZero(); // the broker is down: nothing leaves, "b" waits behind "a"
        assertThat(outbox.unsent()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT last_error FROM config_outbox WHERE message_key = 'a'", String.class))
                .contains("broker down");

        assertThat(relay.relayDue()).isZero(); // not due before its backoff
        clock.advance(Duration.ofSeconds(1));
        assertThat(relay.relayDue()).isEqualTo(2);
        assertThat(delivered).containsExactly("t/a/a", "t/b/b");
        assertThat(outbox.unsent()).isZero();
        assertThat(jdbc.queryForObject("SELECT attempts FROM config_outbox WHERE message_key = 'a'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void pruneDue_deletesSentMessagesOlderThanTheRetention_neverUnsentOnes_atMostOncePerInterval() {
        OutboxPruner pruner =
                new OutboxPruner(outbox, clock, Duration.ofDays(7), Duration.ofHours(1), new SimpleMeterRegistry());
        add("old-1");
        add("old-2");
        assertThat(relay().relayDue()).isEqualTo(2); // sent at T
        clock.advance(Duration.ofDays(2));
        add("recent");
        assertThat(relay().relayDue()).isEqualTo(1); // sent at T + 2 days
        failuresLeft = 1;
        add("stuck");
        assertThat(relay().relayDue()).isZero(); // never sent

        clock.advance(Duration.ofDays(5)); // T + 7 days: nothing older than the retention yet
        assertThat(pruner.pruneDue()).isZero();
        clock.advance(Duration.ofHours(1).plusSeconds(1)); // T + 7 days 1 h: the first two are
        assertThat(pruner.pruneDue()).isEqualTo(2);
        assertThat(keys()).containsExactly("recent", "stuck");

        clock.advance(Duration.ofDays(30)); // "recent" is old now; a second run right after does nothing
        assertThat(pruner.pruneDue()).isEqualTo(1);
        assertThat(pruner.pruneDue()).isZero();
        assertThat(keys()).containsExactly("stuck"); // an unsent message stays, however old
        assertThat(outbox.unsent()).isEqualTo(1);
    }

    @Test
    void pruneDue_notDueBeforeTheInterval() {
        OutboxPruner pruner =
                new OutboxPruner(outbox, clock, Duration.ofSeconds(10), Duration.ofHours(1), new SimpleMeterRegistry());
        assertThat(pruner.pruneDue()).isZero(); // the first run, nothing to do
        add("a");
        assertThat(relay().relayDue()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(59));
        assertThat(pruner.pruneDue()).isZero(); // old enough, but the interval has not passed
        clock.advance(Duration.ofMinutes(1));
        assertThat(pruner.pruneDue()).isEqualTo(1);
    }

    private List<String> keys() {
        return jdbc.queryForList("SELECT message_key FROM config_outbox ORDER BY id", String.class);
    }

    @Test
    void backoff_doublesUpToTheMaximum() {
        OutboxRelay relay = relay();
        assertThat(relay.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(relay.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(relay.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(relay.backoff(10)).isEqualTo(Duration.ofSeconds(5));
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
