package io.shopwatch.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class EmbeddedPostgresAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EmbeddedPostgresAutoConfiguration.class));

    @Test
    void noDatabaseUrl_startsPostgresAndPointsTheDataSourceAtTheSchema(@TempDir Path dir) {
        runner.withPropertyValues(
                        "shopwatch.embedded-db.data-dir=" + dir.resolve("pg"), "shopwatch.embedded-db.schema=things")
                .run(context -> {
                    assertThat(context).hasSingleBean(EmbeddedPostgres.class);
                    DataSource dataSource = context.getBean(DataSource.class);
                    try (Connection c = dataSource.getConnection();
                            Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE t (x int)");
                        try (ResultSet rs = s.executeQuery(
                                "SELECT table_schema FROM information_schema.tables WHERE table_name = 't'")) {
                            assertThat(rs.next()).isTrue();
                            assertThat(rs.getString(1)).isEqualTo("things");
                        }
                    }
                });
        assertThat(dir.resolve("pg/PG_VERSION")).exists();
    }

    @Test
    void databaseUrlSet_startsNothing() {
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.invalid:5432/x")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedPostgres.class));
    }

    @Test
    void schemaOf_readsCurrentSchemaFromTheUrl() {
        assertThat(CurrentSchemaFlyway.schemaOf("jdbc:postgresql://h/db?currentSchema=alert&x=1"))
                .isEqualTo("alert");
        assertThat(CurrentSchemaFlyway.schemaOf("jdbc:postgresql://h/db")).isNull();
    }
}
