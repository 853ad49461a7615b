package io.shopwatch.auth.keys;

import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;

/**
 * A token signing key as stored: the public half, the encrypted private half, and its life.
 *
 * @param retiredAt when a newer key took over signing; {@code null} while this key signs
 */
public record SigningKey(
        String kid, RSAPublicKey publicKey, byte[] encryptedPrivateKey, Instant createdAt, Instant retiredAt) {

    public boolean signing() {
        return retiredAt == null;
    }

    /** Still in the JWK set: it signs, or tokens it signed may not have expired yet. */
    public boolean published(Instant now, Duration tokenLife) {
        return retiredAt == null || retiredAt.plus(tokenLife).isAfter(now);
    }
}
