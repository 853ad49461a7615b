package io.shopwatch.auth.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets of a full state export (password hashes, API-key hashes) with AES-256-GCM under a key derived
 * from {@code SHOPWATCH_SECRET_KEY} (another derivation than the signing keys'), the org and item as associated data:
 * {@code swstate:v1:<base64(nonce || ciphertext+tag)>}. Only an auth-service with the same secret key reads them back.
 */
public final class StateCipher {

    private static final String PREFIX = "swstate:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public StateCipher(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("secret is required");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("shopwatch-auth/state-export/v1".getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            this.key = new SecretKeySpec(sha.digest(secret.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public String encrypt(byte[] plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                                    .put(nonce)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a state secret", e);
        }
    }

    /**
     * @throws IllegalArgumentException when the value is not one of ours, was encrypted with another
     *     {@code SHOPWATCH_SECRET_KEY}, for another org or item, or altered
     */
    public byte[] decrypt(String value, String context) {
        if (value == null || !value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an encrypted state secret");
        }
        try {
            byte[] data = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            if (data.length <= NONCE_BYTES) {
                throw new IllegalArgumentException("not an encrypted state secret");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a secret of the export does not decrypt: it was written by an"
                    + " auth-service with another SHOPWATCH_SECRET_KEY, for another org, or altered");
        }
    }
}
