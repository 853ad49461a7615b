package io.shopwatch.alert.ack;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.alert.testing.StoreDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The {@link GroupAcksContract} run by both implementations. */
class GroupAcksContractTest {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void database() {
        dataSource = StoreDatabase.create("alert_acks_contract");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Nested
    class InMemory extends GroupAcksContract {
        @Override
        protected GroupAcks acks() {
            return new InMemoryGroupAcks();
        }
    }

    @Nested
    class Jdbc extends GroupAcksContract {
        @Override
        protected GroupAcks acks() {
            return new JdbcGroupAcks(dataSource);
        }
    }
}
