package io.shopwatch.auth.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private signing keys at rest with AES-256-GCM. The AES key is derived from {@code SHOPWATCH_SECRET_KEY};
 * the key id is bound as associated data, so an encrypted key cannot be moved to another row. Layout: version byte,
 * 12-byte nonce, ciphertext with tag.
 */
public final class KeyEncryptor {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public KeyEncryptor(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("secret is required");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("shopwatch-auth/signing-keys/v1".getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            this.key = new SecretKeySpec(sha.digest(secret.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public byte[] encrypt(byte[] plain, String kid) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[1 + NONCE_BYTES + sealed.length];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, 1 + NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt signing key " + kid, e);
        }
    }

    /**
     * @throws KeyDecryptionException when the data was encrypted with another secret, or altered
     */
    public byte[] decrypt(byte[] sealed, String kid) {
        if (sealed == null || sealed.length <= 1 + NONCE_BYTES || sealed[0] != VERSION) {
            throw new KeyDecryptionException(kid);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key,
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES)));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new KeyDecryptionException(kid);
        }
    }

    /** A stored private key does not decrypt: SHOPWATCH_SECRET_KEY is not the one it was stored with. */
    public static final class KeyDecryptionException extends IllegalStateException {
        public KeyDecryptionException(String kid) {
            super("signing key " + kid + " cannot be decrypted: SHOPWATCH_SECRET_KEY differs from the one it was"
                    + " stored with (restore the previous value, or rotate after restoring it)");
        }
    }
}
