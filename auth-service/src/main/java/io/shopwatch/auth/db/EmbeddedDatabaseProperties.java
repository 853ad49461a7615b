package io.shopwatch.auth.db;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded PostgreSQL started when {@code DATABASE_URL} is not set.
 *
 * @param dataDir where its data lives (kept across restarts)
 * @param port its port on 127.0.0.1; {@code 0} picks a free one
 * @param schema the schema auth-service's tables go in
 */
@Validated
@ConfigurationProperties("shopwatch.auth.embedded-db")
public record EmbeddedDatabaseProperties(
        @NotBlank String dataDir,
        @Min(0) @Max(65535) int port,
        @NotBlank String schema) {}
