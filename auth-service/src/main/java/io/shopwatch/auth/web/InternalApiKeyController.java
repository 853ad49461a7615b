package io.shopwatch.auth.web;

import io.shopwatch.auth.apikey.ApiKeyProperties;
import io.shopwatch.auth.apikey.ApiKeyRecord;
import io.shopwatch.auth.apikey.ApiKeyRejectedException;
import io.shopwatch.auth.apikey.ApiKeyService;
import io.shopwatch.auth.keys.AccessTokenIssuer;
import io.shopwatch.auth.keys.TokenProperties;
import io.shopwatch.auth.security.Clients;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /internal/v1/api-keys/verify}: the gateway exchanges an API key for the identity it stands for and a
 * short-lived access token, which it forwards to the services instead of the key. Only callers with the internal
 * secret get here.
 */
@RestController
@RequestMapping("/internal/v1/api-keys")
public class InternalApiKeyController {

    private final ApiKeyService keys;
    private final AccessTokenIssuer issuer;
    private final ApiKeyProperties properties;
    private final TokenProperties tokens;
    private final Clock clock;

    public InternalApiKeyController(
            ApiKeyService keys,
            AccessTokenIssuer issuer,
            ApiKeyProperties properties,
            TokenProperties tokens,
            Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.properties = properties;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The key to check, in the body so that it never appears in access logs. */
    public record VerifyRequest(@NotBlank String key) {
        @Override
        public String toString() {
            return "VerifyRequest[key hidden]";
        }
    }

    /**
     * What a valid key stands for.
     *
     * @param accessToken an RS256 access token for this identity ({@code kind: api_key}); forward it as {@code
     *     Authorization: Bearer}
     * @param expiresIn seconds until {@code access_token} expires
     * @param cacheTtlSeconds how long the gateway may reuse this answer before verifying the key again
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record VerifiedKey(
            String subject,
            String org,
            List<String> roles,
            String kind,
            String keyId,
            String keyName,
            Instant keyExpiresAt,
            String accessToken,
            String tokenType,
            long expiresIn,
            long cacheTtlSeconds) {}

    @Operation(
            summary = "Verify an API key (gateway only)",
            description = "Requires X-ShopWatch-Internal-Secret. 200 with the identity and a short-lived access"
                    + " token, or 401 problem+json when the key is malformed, unknown, revoked or expired.")
    @SecurityRequirement(name = "internal")
    @PostMapping("/verify")
    public VerifiedKey verify(@Valid @RequestBody VerifyRequest request) {
        ApiKeyService.VerifiedKey verified;
        try {
            verified = keys.verify(request.key(), Clients.current());
        } catch (ApiKeyRejectedException e) {
            throw new ShopWatchException(ProblemType.UNAUTHORIZED, "API key is not valid");
        }
        ApiKeyRecord key = verified.record();
        Identity identity = verified.identity();
        Role role = key.role();
        AccessTokenIssuer.AccessToken token = issuer.forApiKey(key.id(), key.org(), role, key.expiresAt());
        Instant now = clock.instant();
        long expiresIn = Duration.between(now, token.expiresAt()).toSeconds();
        Duration cache = properties.verifyCacheTtl();
        Duration half = tokens.apiKeyTokenTtl().dividedBy(2);
        if (cache.compareTo(half) > 0) {
            cache = half;
        }
        if (key.expiresAt() != null) {
            Duration untilExpiry = Duration.between(now, key.expiresAt());
            if (untilExpiry.compareTo(cache) < 0) {
                cache = untilExpiry;
            }
        }
        return new VerifiedKey(
                identity.subject(),
                identity.org(),
                List.of(role.id()),
                identity.kind().id(),
                key.id(),
                key.name(),
                key.expiresAt(),
                token.token(),
                "Bearer",
                expiresIn,
                Math.max(0, cache.toSeconds()));
    }
}
