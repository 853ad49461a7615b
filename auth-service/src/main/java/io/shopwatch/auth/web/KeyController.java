package io.shopwatch.auth.web;

import io.shopwatch.auth.audit.AuditAction;
import io.shopwatch.auth.audit.AuditEvent;
import io.shopwatch.auth.audit.Outcome;
import io.shopwatch.auth.keys.SigningKey;
import io.shopwatch.auth.keys.SigningKeys;
import io.shopwatch.auth.keys.TokenProperties;
import io.shopwatch.auth.security.AccessPolicy;
import io.shopwatch.auth.security.Clients;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.TokenClaims;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The JWK set, and key rotation for platform administrators. */
@RestController
public class KeyController {

    /** How long verifiers may cache the JWK set (they also refetch it on an unknown kid). */
    static final Duration JWKS_MAX_AGE = Duration.ofMinutes(1);

    private final SigningKeys keys;
    private final AccessPolicy access;
    private final TokenProperties tokens;
    private final Clock clock;

    public KeyController(SigningKeys keys, AccessPolicy access, TokenProperties tokens, Clock clock) {
        this.keys = keys;
        this.access = access;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** One key, for administrators (never the private half). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KeyView(String kid, String algorithm, String status, Instant createdAt, Instant retiredAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KeyList(List<KeyView> data) {}

    @Operation(
            summary = "JWK set of the token signing keys",
            description = "Public. The signing key and every previous key whose tokens may still be valid.")
    @SecurityRequirements
    @GetMapping(value = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> jwks() {
        String body = keys.published().stream()
                .map(SigningKeys::jwkJson)
                .collect(Collectors.joining(",", "{\"keys\":[", "]}"));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(JWKS_MAX_AGE).cachePublic())
                .body(body);
    }

    @Operation(summary = "List the token signing keys (platform administrators)")
    @GetMapping("/api/v1/auth/keys")
    public KeyList list(@AuthenticationPrincipal Identity caller) {
        access.requirePlatformAdmin(caller);
        return new KeyList(keys.all().stream().map(this::view).toList());
    }

    @Operation(
            summary = "Rotate the token signing key (platform administrators)",
            description = "A new key signs from now on; tokens signed by the previous key stay valid until they"
                    + " expire, and the previous key stays in the JWK set until then.")
    @PostMapping("/api/v1/auth/keys/rotate")
    public KeyList rotate(@AuthenticationPrincipal Identity caller) {
        access.requirePlatformAdmin(caller);
        keys.rotate(AuditEvent.of(AuditAction.KEY_ROTATE, Outcome.SUCCESS)
                .by(caller)
                .org(null)
                .request(Clients.current()));
        return new KeyList(keys.published().stream().map(this::view).toList());
    }

    private KeyView view(SigningKey key) {
        String status = key.signing()
                ? "signing"
                : key.published(clock.instant(), tokens.longestTokenLife()) ? "published" : "expired";
        return new KeyView(key.kid(), TokenClaims.ALGORITHM, status, key.createdAt(), key.retiredAt());
    }
}
