package io.shopwatch.auth.session;

import java.time.Instant;
import java.util.UUID;

/** A stored refresh token (only its hash is stored). */
public record RefreshTokenRecord(
        byte[] tokenHash,
        UUID familyId,
        long userId,
        String org,
        Instant issuedAt,
        Instant expiresAt,
        Instant revokedAt,
        String revokedReason) {}
