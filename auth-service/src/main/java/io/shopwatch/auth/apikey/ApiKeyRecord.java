package io.shopwatch.auth.apikey;

import io.shopwatch.common.security.Role;
import java.time.Instant;

/** A stored API key (the secret itself is not stored). */
public record ApiKeyRecord(
        String id,
        String org,
        String name,
        Role role,
        byte[] secretHash,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant revokedAt,
        String revokedBy,
        Instant lastUsedAt) {

    public String status(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return "expired";
        }
        return "active";
    }

    @Override
    public String toString() {
        return "ApiKeyRecord[id=" + id + ", org=" + org + ", name=" + name + "]";
    }
}
