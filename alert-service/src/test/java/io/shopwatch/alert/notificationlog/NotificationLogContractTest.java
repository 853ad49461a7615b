package io.shopwatch.alert.notificationlog;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.alert.ha.LeaseManager;
import io.shopwatch.alert.outbox.InMemoryOutbox;
import io.shopwatch.alert.outbox.JdbcOutbox;
import io.shopwatch.alert.outbox.Outbox;
import io.shopwatch.alert.testing.StoreDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The {@link NotificationLogContract} run by both implementations. */
class NotificationLogContractTest {

    private static HikariDataSource dataSource;
    private static LeaseManager lease;

    @BeforeAll
    static void database() throws Exception {
        dataSource = StoreDatabase.create("alert_nflog_contract");
        lease = new LeaseManager(dataSource, "nflog-contract", "a", Duration.ofMinutes(10));
        lease.acquireOrRenew().orElseThrow();
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Nested
    class InMemory extends NotificationLogContract {
        private final InMemoryOutbox outbox = new InMemoryOutbox();

        @Override
        protected NotificationLog log() {
            return new InMemoryNotificationLog();
        }

        @Override
        protected Outbox outbox() {
            return outbox;
        }
    }

    @Nested
    class Jdbc extends NotificationLogContract {
        @Override
        protected NotificationLog log() {
            return new JdbcNotificationLog(dataSource, lease);
        }

        @Override
        protected Outbox outbox() {
            return new JdbcOutbox(dataSource);
        }
    }
}
