package io.shopwatch.auth.session;

import io.shopwatch.auth.user.UserSessions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code refresh_tokens} table. */
@Repository
public class RefreshTokenRepository implements UserSessions {

    /** Why a refresh token stopped working. */
    public static final String ROTATED = "rotated";

    public static final String LOGOUT = "logout";
    public static final String REUSED = "reuse_detected";

    private final JdbcClient jdbc;

    public RefreshTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public void insert(byte[] hash, UUID family, long userId, String org, Instant issuedAt, Instant expiresAt) {
        jdbc.sql("INSERT INTO refresh_tokens (token_hash, family_id, user_id, org, issued_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(hash, family, userId, org, Timestamp.from(issuedAt), Timestamp.from(expiresAt))
                .update();
    }

    /** The token with this hash, locked until the transaction ends. */
    public Optional<RefreshTokenRecord> lock(byte[] hash) {
        return jdbc.sql("SELECT token_hash, family_id, user_id, org, issued_at, expires_at, revoked_at, revoked_reason"
                        + " FROM refresh_tokens WHERE token_hash = ? FOR UPDATE")
                .param(hash)
                .query((rs, i) -> new RefreshTokenRecord(
                        rs.getBytes("token_hash"),
                        rs.getObject("family_id", UUID.class),
                        rs.getLong("user_id"),
                        rs.getString("org"),
                        rs.getTimestamp("issued_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("revoked_at") == null
                                ? null
                                : rs.getTimestamp("revoked_at").toInstant(),
                        rs.getString("revoked_reason")))
                .optional();
    }

    public void revoke(byte[] hash, String reason, Instant at) {
        jdbc.sql("UPDATE refresh_tokens SET revoked_at = ?, revoked_reason = ? WHERE token_hash = ?"
                        + " AND revoked_at IS NULL")
                .params(Timestamp.from(at), reason, hash)
                .update();
    }

    public int revokeFamily(UUID family, String reason, Instant at) {
        return jdbc.sql("UPDATE refresh_tokens SET revoked_at = ?, revoked_reason = ? WHERE family_id = ?"
                        + " AND revoked_at IS NULL")
                .params(Timestamp.from(at), reason, family)
                .update();
    }

    @Override
    public int revokeUser(long userId, String org, String reason, Instant at) {
        return jdbc.sql("UPDATE refresh_tokens SET revoked_at = ?, revoked_reason = ? WHERE user_id = ?"
                        + " AND (CAST(? AS TEXT) IS NULL OR org = ?) AND revoked_at IS NULL")
                .params(Timestamp.from(at), reason, userId, org, org)
                .update();
    }

    public int deleteExpiredBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM refresh_tokens WHERE expires_at < ?")
                .param(Timestamp.from(cutoff))
                .update();
    }
}
