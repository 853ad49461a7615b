package io.shopwatch.auth.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code signing_keys} table. */
@Repository
public class SigningKeyRepository {

    /** Advisory lock taken while keys are created or rotated, so that two replicas never rotate at once. */
    private static final long LOCK = 0x5357_4B45_5953L;

    private final JdbcClient jdbc;

    public SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises key changes across replicas until the transaction ends. */
    public void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query().singleRow();
    }

    public List<SigningKey> findAll() {
        return jdbc.sql("SELECT kid, public_key, private_key, created_at, retired_at FROM signing_keys"
                        + " ORDER BY (retired_at IS NULL) DESC, created_at DESC, kid")
                .query((rs, i) -> new SigningKey(
                        rs.getString("kid"),
                        publicKey(rs.getBytes("public_key")),
                        rs.getBytes("private_key"),
                        rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("retired_at"))))
                .list();
    }

    public void insert(SigningKey key, String algorithm) {
        jdbc.sql("INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(
                        key.kid(),
                        algorithm,
                        key.publicKey().getEncoded(),
                        key.encryptedPrivateKey(),
                        Timestamp.from(key.createdAt()))
                .update();
    }

    /** Retires every signing key except {@code kid}. */
    public int retireAllBut(String kid, Instant at) {
        return jdbc.sql("UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL AND kid <> ?")
                .params(Timestamp.from(at), kid)
                .update();
    }

    /** Deletes keys retired before {@code cutoff}: no token they signed is still valid. */
    public int deleteRetiredBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < ?")
                .param(Timestamp.from(cutoff))
                .update();
    }

    private static RSAPublicKey publicKey(byte[] encoded) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored public key is not an RSA key", e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
