package io.shopwatch.auth.keys;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Lifetimes and names of the tokens auth-service issues.
 *
 * @param issuer the {@code iss} claim
 * @param audience the {@code aud} claim
 * @param accessTtl lifetime of an access token issued at login or refresh
 * @param refreshTtl lifetime of a refresh token (each refresh issues a new one)
 * @param apiKeyTokenTtl lifetime of the access token the gateway receives when it verifies an API key
 * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
 */
@Validated
@ConfigurationProperties("shopwatch.auth.tokens")
public record TokenProperties(
        @NotBlank String issuer,
        @NotBlank String audience,
        @NotNull Duration accessTtl,
        @NotNull Duration refreshTtl,
        @NotNull Duration apiKeyTokenTtl,
        @NotNull Duration clockSkew) {

    /** How long after a key stopped signing its tokens may still be presented. */
    public Duration longestTokenLife() {
        Duration longest = accessTtl.compareTo(apiKeyTokenTtl) >= 0 ? accessTtl : apiKeyTokenTtl;
        return longest.plus(clockSkew);
    }
}
