package io.shopwatch.alert.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts text kept at rest with AES-256-GCM: a random 12-byte IV per value, the organisation as associated data (a
 * value copied to another organisation's row does not decrypt). A stored value reads
 * {@code swenc:v1:<keyId>:<base64(iv || ciphertext+tag)>}, where the key id is the first 8 hex digits of the key's
 * SHA-256. New values are encrypted with the current key; values of any configured key (the current one and the
 * previous ones, for rotation) are decrypted. Text that does not start with {@code swenc:} was stored before encryption
 * and is returned as it is.
 */
public final class SecretBox {

    /** How every encrypted value starts. */
    public static final String PREFIX = "swenc:";

    private static final String V1 = PREFIX + "v1:";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

    private final String currentId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param currentKey the 32-byte key new values are encrypted with
     * @param previousKeys older 32-byte keys whose values are still read
     */
    public SecretBox(byte[] currentKey, List<byte[]> previousKeys) {
        Map<String, SecretKey> all = new LinkedHashMap<>();
        this.currentId = keyId(check(currentKey));
        all.put(currentId, new SecretKeySpec(currentKey.clone(), "AES"));
        for (byte[] previous : previousKeys) {
            all.putIfAbsent(keyId(check(previous)), new SecretKeySpec(previous.clone(), "AES"));
        }
        this.keys = Map.copyOf(all);
    }

    /**
     * A box from keys written as base64 (as in {@code ALERT_SECRETS_KEY} and {@code ALERT_SECRETS_PREVIOUS_KEYS}).
     *
     * @throws IllegalArgumentException naming the setting, never the value, when a key is not base64 of 32 bytes
     */
    public static SecretBox fromBase64(String currentKey, List<String> previousKeys) {
        return of(currentKey, "ALERT_SECRETS_KEY", previousKeys);
    }

    /**
     * A box whose key is kept in a file: read when the file exists, otherwise a new random key written to it readable
     * by the owner only (POSIX {@code 0600} where the file system has permissions). Meant for a single machine; a
     * production setup sets {@code ALERT_SECRETS_KEY} instead, which every replica shares.
     */
    public static SecretBox fromKeyFile(Path file, List<String> previousKeys) {
        Path path = file.toAbsolutePath();
        try {
            boolean created = !Files.exists(path) && createKeyFile(path);
            String key = Files.readString(path, StandardCharsets.US_ASCII).trim();
            SecretBox box = of(key, "the key file " + path, previousKeys);
            log.warn(
                    "ALERT_SECRETS_KEY is not set: channel secrets are encrypted with the key {} in {} (key id {}); "
                            + "production should set ALERT_SECRETS_KEY (every replica the same key)",
                    created ? "created now" : "kept",
                    path,
                    box.keyId());
            return box;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key file " + path, e);
        }
    }

    private static SecretBox of(String currentKey, String currentSetting, List<String> previousKeys) {
        List<byte[]> previous = new ArrayList<>();
        for (String key : previousKeys) {
            if (key != null && !key.isBlank()) {
                previous.add(decodeKey(key, "ALERT_SECRETS_PREVIOUS_KEYS"));
            }
        }
        return new SecretBox(decodeKey(currentKey, currentSetting), previous);
    }

    /** Writes a new random key to {@code file}; false when another process created it first. */
    private static boolean createKeyFile(Path file) throws IOException {
        Path dir = file.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path tmp = ownerOnlyTempFile(dir == null ? Path.of(".") : dir);
        try {
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                // a hard link appears complete and fails when the name exists: two replicas starting together agree
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | IOException e) {
                // no hard links on this file system: a move, which also refuses to replace an existing file
                Files.move(tmp, file);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path ownerOnlyTempFile(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(
                    dir,
                    ".alert-secrets",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Path tmp = Files.createTempFile(dir, ".alert-secrets", ".tmp");
        java.io.File f = tmp.toFile();
        boolean ownerOnly = f.setReadable(false, false)
                & f.setReadable(true, true)
                & f.setWritable(false, false)
                & f.setWritable(true, true);
        if (!ownerOnly) {
            log.warn("cannot restrict the permissions of the secrets key file in {} to its owner", dir);
        }
        return tmp;
    }

    private static byte[] decodeKey(String base64, String setting) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not base64 (expected 32 random bytes in base64, e.g. "
                    + "the output of `openssl rand -base64 32`)");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(setting + " holds " + key.length + " bytes; AES-256 needs " + KEY_BYTES
                    + " (e.g. the output of `openssl rand -base64 32`)");
        }
        return key;
    }

    private static byte[] check(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes");
        }
        return key;
    }

    /** The id of a key as stored values name it: the first 8 hex digits of its SHA-256. */
    public static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The id of the key new values are encrypted with. */
    public String keyId() {
        return currentId;
    }

    /** The ids of every key values can be decrypted with. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** Whether {@code stored} is an encrypted value (of any key), as opposed to text stored before encryption. */
    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The id of the key {@code stored} was encrypted with; empty for plain text. */
    public static String keyIdOf(String stored) {
        if (stored == null || !stored.startsWith(V1)) {
            return "";
        }
        int end = stored.indexOf(':', V1.length());
        return end < 0 ? "" : stored.substring(V1.length(), end);
    }

    /** Whether {@code stored} is encrypted with the current key (nothing to re-encrypt). */
    public boolean isCurrent(String stored) {
        return stored != null && stored.startsWith(V1 + currentId + ":");
    }

    /** Encrypts {@code plaintext} of organisation {@code org} with the current key. */
    public String encrypt(String plaintext, String org) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(org.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
            return V1 + currentId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The text of a stored value of organisation {@code org}: decrypted when it is encrypted, as it is otherwise.
     *
     * @throws IllegalStateException naming the key id when the value's key is not configured, or when the value does
     *     not decrypt (another organisation's, or altered); the message never contains the value
     */
    public String decrypt(String stored, String org) {
        if (!isEncrypted(stored)) {
            return stored;
        }
        if (!stored.startsWith(V1)) {
            throw new IllegalStateException("stored value of org " + org + " uses an unknown encryption format "
                    + stored.substring(0, Math.min(stored.length(), PREFIX.length() + 3)) + "…");
        }
        String id = keyIdOf(stored);
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new IllegalStateException("stored value of org " + org + " is encrypted with key " + id
                    + ", which is neither ALERT_SECRETS_KEY (key " + currentId + ") nor in ALERT_SECRETS_PREVIOUS_KEYS"
                    + " (known keys " + String.join(", ", keys.keySet()) + ")");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(stored.substring(V1.length() + id.length() + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("stored value of org " + org + " (key " + id + ") is not valid base64");
        }
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("stored value of org " + org + " (key " + id + ") is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            cipher.updateAAD(org.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("stored value of org " + org + " does not decrypt with key " + id
                    + " (altered, or stored for another organisation)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "AES-GCM decryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[key " + currentId + ", " + keys.size() + " key(s)]";
    }
}
