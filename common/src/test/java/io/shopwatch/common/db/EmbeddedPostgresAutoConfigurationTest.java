package io.shopwatch.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's beans, built directly: common itself has no JDBC auto-configuration on its classpath, so the
 * conditions are exercised by the services that opt in.
 */
class EmbeddedPostgresAutoConfigurationTest {

    private final EmbeddedPostgresAutoConfiguration configuration = new EmbeddedPostgresAutoConfiguration();

    @Test
    void embeddedPostgres_startsWithItsDataDirAndPointsTheDataSourceAtTheSchema(@TempDir Path dir) throws Exception {
        EmbeddedDatabaseProperties properties =
                new EmbeddedDatabaseProperties(dir.resolve("pg").toString(), 0, "things");
        try (EmbeddedPostgres server = configuration.embeddedPostgres(properties);
                HikariDataSource dataSource = configuration.dataSource(server, properties);
                Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x int)");
            try (ResultSet rs =
                    s.executeQuery("SELECT table_schema FROM information_schema.tables WHERE table_name = 't'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("things");
            }
        }
        assertThat(dir.resolve("pg/PG_VERSION")).exists();
    }

    @Test
    void properties_defaultWhatIsMissing_andRefuseASchemaThatIsNotAnIdentifier() {
        EmbeddedDatabaseProperties defaults = new EmbeddedDatabaseProperties(null, 0, null);
        assertThat(defaults.dataDir()).isEqualTo("data/postgres");
        assertThat(defaults.schema()).isEqualTo("public");
        assertThatThrownBy(() -> new EmbeddedDatabaseProperties("d", 0, "x; DROP SCHEMA y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema");
    }
}
