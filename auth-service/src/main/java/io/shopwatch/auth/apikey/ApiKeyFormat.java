package io.shopwatch.auth.apikey;

import io.shopwatch.common.security.IdentityHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys look like {@code swk_<id>_<secret>}: a 12-character public id (to find the key, shown in lists and audit
 * events) and a 256-bit random secret (base64url). Only a SHA-256 hash of the secret is stored: with that much
 * entropy a slow hash adds nothing, and verification stays cheap for the gateway.
 */
public final class ApiKeyFormat {

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final int ID_LENGTH = 12;
    private static final int SECRET_BYTES = 32;
    private static final Pattern KEY = Pattern.compile(
            "^" + IdentityHeaders.API_KEY_PREFIX + "([a-z2-7]{" + ID_LENGTH + "})_([A-Za-z0-9_-]{43})$");

    private ApiKeyFormat() {}

    /** A new key: the full value (shown once), its id and the hash to store. */
    public record NewKey(String id, String value, byte[] secretHash) {
        @Override
        public String toString() {
            return "NewKey[id=" + id + "]";
        }
    }

    /** The parts of a presented key. */
    public record Parsed(String id, String secret) {
        @Override
        public String toString() {
            return "Parsed[id=" + id + "]";
        }
    }

    public static NewKey generate(SecureRandom random) {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        byte[] secretBytes = new byte[SECRET_BYTES];
        random.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        return new NewKey(id.toString(), IdentityHeaders.API_KEY_PREFIX + id + "_" + secret, hash(secret));
    }

    public static Optional<Parsed> parse(String key) {
        if (key == null || key.length() > 128) {
            return Optional.empty();
        }
        Matcher matcher = KEY.matcher(key.trim());
        return matcher.matches() ? Optional.of(new Parsed(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares a presented secret with a stored hash in constant time. */
    public static boolean matches(String secret, byte[] storedHash) {
        return MessageDigest.isEqual(hash(secret), storedHash);
    }
}
