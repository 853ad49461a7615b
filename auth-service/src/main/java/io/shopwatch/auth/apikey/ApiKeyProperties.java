package io.shopwatch.auth.apikey;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * API keys.
 *
 * @param verifyCacheTtl how long the gateway may cache a verification (so a revocation takes effect within it)
 * @param maxPerOrg most active keys an org may hold
 */
@Validated
@ConfigurationProperties("shopwatch.auth.api-keys")
public record ApiKeyProperties(
        @NotNull Duration verifyCacheTtl, @Min(1) int maxPerOrg) {}
