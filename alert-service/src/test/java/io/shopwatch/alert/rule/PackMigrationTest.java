package io.shopwatch.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Copies of the e-commerce pack installed before its level filter was fixed are repaired by a migration. */
class PackMigrationTest {

    private HikariDataSource dataSource;

    @BeforeEach
    void database() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(EmbeddedPostgresSupport.newDatabase("alert_pack_migration"));
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void migrate_installedCheckoutErrorRateWithLowerCaseLevels_countsUpperCaseLevelsAndKeepsOtherEdits() {
        migrateTo("3");
        RuleRepository rules = new RuleRepository(dataSource);
        RuleSpec pack = RulePack.ECOMMERCE.rules().stream()
                .filter(r -> r.name().equals("CheckoutErrorRate"))
                .findFirst()
                .orElseThrow();
        String oldQuery = pack.query().replace("('ERROR', 'FATAL')", "('error', 'fatal')");
        assertThat(oldQuery).isNotEqualTo(pack.query());
        long installedVersion = rules.save("shop-a", "r1", pack.withQuery(oldQuery), "pack:ecommerce")
                .version();
        String edited = oldQuery.replace("service = 'checkout'", "service = 'checkout-eu'");
        rules.save("shop-b", "r2", pack.withQuery(edited), "api");
        RuleSpec other = RulePack.ECOMMERCE.rules().get(0);
        long otherVersion = rules.save("shop-a", "r3", other, "pack:ecommerce").version();

        migrateTo("latest");

        assertThat(rules.find("shop-a", "r1").orElseThrow().spec().query()).isEqualTo(pack.query());
        assertThat(rules.find("shop-a", "r1").orElseThrow().version()).isEqualTo(installedVersion + 1);
        assertThat(rules.find("shop-b", "r2").orElseThrow().spec().query())
                .contains("service = 'checkout-eu'")
                .contains("level IN ('ERROR', 'FATAL')");
        assertThat(rules.find("shop-a", "r3").orElseThrow().version()).isEqualTo(otherVersion);
        assertThat(rules.find("shop-a", "r3").orElseThrow().spec()).isEqualTo(other);
    }

    private void migrateTo(String version) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target(version)
                .load()
                .migrate();
    }
}
