package io.shopwatch.auth.db;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.auth.bootstrap.Secrets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Migrates into the schema named by {@code currentSchema} in the JDBC URL (the local stack passes
 * {@code ?currentSchema=auth}) and creates it when it does not exist yet; without it, into the connection's default
 * schema. Depends on {@link Secrets}, so that an unsafe configuration fails before anything is migrated.
 */
@Component
public class FlywaySchemaCustomizer implements FlywayConfigurationCustomizer {

    private static final Pattern CURRENT_SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z_][A-Za-z0-9_]*)");

    public FlywaySchemaCustomizer(Secrets secrets) {
        // the parameter orders the start-up checks before the migration
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        String schema = schemaOf(configuration.getDataSource());
        if (schema != null) {
            configuration.schemas(schema).createSchemas(true);
        }
    }

    static String schemaOf(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            return schemaOf(hikari.getJdbcUrl());
        }
        return null;
    }

    static String schemaOf(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        Matcher matcher = CURRENT_SCHEMA.matcher(jdbcUrl);
        return matcher.find() ? matcher.group(1) : null;
    }
}
