package io.shopwatch.alert.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's PostgreSQL: the one at {@code DATABASE_URL}, or, when that is unset, an embedded PostgreSQL (real
 * binaries) with its data under {@code ALERT_EMBEDDED_DB_DIR}, started with the service and stopped with it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** The embedded server, when one was started. */
    public record EmbeddedServer(EmbeddedPostgres postgres) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    EmbeddedServer embeddedPostgres(DatabaseProperties properties) {
        if (!properties.url().isBlank()) {
            return new EmbeddedServer(null);
        }
        try {
            Path dir = Path.of(properties.embeddedDir()).toAbsolutePath();
            Files.createDirectories(dir);
            EmbeddedPostgres.Builder builder =
                    EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false);
            if (properties.embeddedPort() > 0) {
                builder.setPort(properties.embeddedPort());
            }
            EmbeddedPostgres postgres = builder.start();
            log.info(
                    "DATABASE_URL is not set: started an embedded PostgreSQL on port {} with data in {}",
                    postgres.getPort(),
                    dir);
            return new EmbeddedServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start", e);
        }
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties, EmbeddedServer embedded) {
        HikariConfig config = new HikariConfig();
        if (embedded.postgres() != null) {
            config.setJdbcUrl(embedded.postgres().getJdbcUrl("postgres", "postgres"));
            config.setUsername("postgres");
            config.setPassword("postgres");
        } else {
            config.setJdbcUrl(properties.url());
            config.setUsername(properties.user());
            config.setPassword(properties.password());
        }
        config.setMaximumPoolSize(properties.maxPoolSize());
        config.setPoolName("alert-db");
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }
}
