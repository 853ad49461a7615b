package io.shopwatch.auth.user;

import java.time.Instant;

/** A stored user. The password hash never leaves auth-service. */
public record UserRecord(
        long id,
        String username,
        String passwordHash,
        boolean platformAdmin,
        boolean bootstrap,
        Instant createdAt,
        Instant passwordChangedAt) {

    @Override
    public String toString() {
        return "UserRecord[id=" + id + ", username=" + username + ", platformAdmin=" + platformAdmin + "]";
    }
}
