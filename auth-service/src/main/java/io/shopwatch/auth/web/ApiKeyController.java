package io.shopwatch.auth.web;

import io.shopwatch.auth.apikey.ApiKeyRecord;
import io.shopwatch.auth.apikey.ApiKeyService;
import io.shopwatch.auth.security.AccessPolicy;
import io.shopwatch.auth.security.Clients;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** An org's API keys, for its administrators. */
@RestController
@RequestMapping("/api/v1/orgs/{org}/api-keys")
public class ApiKeyController {

    private final ApiKeyService keys;
    private final AccessPolicy access;
    private final Clock clock;

    public ApiKeyController(ApiKeyService keys, AccessPolicy access, Clock clock) {
        this.keys = keys;
        this.access = access;
        this.clock = clock;
    }

    /**
     * A new key.
     *
     * @param role {@code ingest} (storefront services), {@code viewer} or {@code operator}
     * @param expiresAt optional; the key stops working then
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreateKey(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}", message = "1 to 64 letters, digits, spaces, . _ or -") String name,

            @NotBlank String role,
            Instant expiresAt) {}

    /** A key as listed: everything but the secret. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KeyView(
            String id,
            String org,
            String name,
            String role,
            String prefix,
            String status,
            Instant createdAt,
            String createdBy,
            Instant expiresAt,
            Instant revokedAt,
            String revokedBy,
            Instant lastUsedAt) {}

    /** The answer to a creation: the only time {@code key} is shown. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreatedKey(
            String id, String org, String name, String role, Instant createdAt, Instant expiresAt, String key) {}

    public record KeyList(List<KeyView> data) {}

    @Operation(
            summary = "Create an API key (org administrators)",
            description = "The answer holds the key itself; it is shown only once, only a hash is stored. Send it as"
                    + " `X-API-Key: <key>` or `Authorization: Bearer <key>`.")
    @PostMapping
    public ResponseEntity<CreatedKey> create(
            @AuthenticationPrincipal Identity caller, @PathVariable String org, @Valid @RequestBody CreateKey request) {
        access.requireOrgAdmin(caller, org);
        Role role = Role.fromId(request.role())
                .orElseThrow(() -> ShopWatchException.invalid("unknown role '" + request.role() + "'"));
        ApiKeyService.CreatedKey created =
                keys.create(caller, org, request.name(), role, request.expiresAt(), Clients.current());
        ApiKeyRecord key = created.record();
        return ResponseEntity.created(URI.create("/api/v1/orgs/" + org + "/api-keys/" + key.id()))
                .body(new CreatedKey(
                        key.id(),
                        key.org(),
                        key.name(),
                        key.role().id(),
                        key.createdAt(),
                        key.expiresAt(),
                        created.value()));
    }

    @Operation(summary = "List API keys (org administrators)")
    @GetMapping
    public KeyList list(
            @AuthenticationPrincipal Identity caller,
            @PathVariable String org,
            @RequestParam(name = "include_revoked", defaultValue = "false") boolean includeRevoked) {
        access.requireOrgAdmin(caller, org);
        Instant now = clock.instant();
        return new KeyList(keys.list(org, includeRevoked).stream()
                .map(k -> new KeyView(
                        k.id(),
                        k.org(),
                        k.name(),
                        k.role().id(),
                        "swk_" + k.id(),
                        k.status(now),
                        k.createdAt(),
                        k.createdBy(),
                        k.expiresAt(),
                        k.revokedAt(),
                        k.revokedBy(),
                        k.lastUsedAt()))
                .toList());
    }

    @Operation(
            summary = "Revoke an API key (org administrators)",
            description = "Takes effect at once in auth-service and within the gateway's cache time"
                    + " (SHOPWATCH_API_KEY_CACHE_TTL) at the gateway.")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void revoke(@AuthenticationPrincipal Identity caller, @PathVariable String org, @PathVariable String id) {
        access.requireOrgAdmin(caller, org);
        keys.revoke(caller, org, id, Clients.current());
    }
}
