package io.shopwatch.alert.escalation;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.alert.testing.StoreDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The {@link EscalationsContract} run by both implementations. */
class EscalationsContractTest {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void database() {
        dataSource = StoreDatabase.create("alert_escalations_contract");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Nested
    class InMemory extends EscalationsContract {
        @Override
        protected Escalations escalations() {
            return new InMemoryEscalations();
        }
    }

    @Nested
    class Jdbc extends EscalationsContract {
        @Override
        protected Escalations escalations() {
            return new JdbcEscalations(dataSource);
        }
    }
}
