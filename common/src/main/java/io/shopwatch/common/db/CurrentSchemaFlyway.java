package io.shopwatch.common.db;

import com.zaxxer.hikari.HikariDataSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Flyway migrates into the schema named by {@code currentSchema} in the JDBC URL (the local stack passes
 * {@code ?currentSchema=<service>}, the embedded PostgreSQL does the same) and creates it when it does not exist yet;
 * without it, into the connection's default schema.
 */
@AutoConfiguration
@ConditionalOnClass({FluentConfiguration.class, FlywayConfigurationCustomizer.class, HikariDataSource.class})
public class CurrentSchemaFlyway {

    private static final Pattern CURRENT_SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z_][A-Za-z0-9_]*)");

    @Bean
    @ConditionalOnMissingBean(name = "currentSchemaFlywayCustomizer")
    FlywayConfigurationCustomizer currentSchemaFlywayCustomizer() {
        return configuration -> {
            String schema = schemaOf(configuration.getDataSource());
            if (schema != null) {
                configuration.schemas(schema).createSchemas(true);
            }
        };
    }

    static String schemaOf(DataSource dataSource) {
        return dataSource instanceof HikariDataSource hikari ? schemaOf(hikari.getJdbcUrl()) : null;
    }

    /** The {@code currentSchema} parameter of a JDBC URL, or {@code null}. */
    public static String schemaOf(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        Matcher matcher = CURRENT_SCHEMA.matcher(jdbcUrl);
        return matcher.find() ? matcher.group(1) : null;
    }
}
