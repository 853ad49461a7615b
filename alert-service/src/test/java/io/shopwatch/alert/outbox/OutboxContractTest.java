package io.shopwatch.alert.outbox;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.alert.testing.StoreDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The {@link OutboxContract} run by both implementations. */
class OutboxContractTest {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void database() {
        dataSource = StoreDatabase.create("alert_outbox_contract");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Nested
    class InMemory extends OutboxContract {
        @Override
        protected Outbox outbox() {
            return new InMemoryOutbox();
        }
    }

    @Nested
    class Jdbc extends OutboxContract {
        @Override
        protected Outbox outbox() {
            return new JdbcOutbox(dataSource);
        }
    }
}
