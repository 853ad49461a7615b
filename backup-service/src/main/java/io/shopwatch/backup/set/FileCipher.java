package io.shopwatch.backup.set;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of a set's files: AES-256-GCM in segments, so that neither writing nor reading holds a file in
 * memory. A file is {@code "SWE1"}, an 8-byte random prefix, then segments of at most {@value #SEGMENT} plain bytes,
 * each {@code [4-byte length][ciphertext + 16-byte tag]} under the nonce prefix ‖ segment number, with the header and a
 * last-segment flag as associated data: a changed byte, a reordered, dropped or added segment, or a file cut at a
 * segment boundary fails authentication. The manifest names the key by {@link #label()} ({@code AES-256-GCM:<key id>},
 * the key id a hash of the key, never the key).
 *
 * <p>Key rotation: one current key encrypts new sets; older keys stay configured to read the sets they wrote, each
 * found by the key id in the set's manifest. A set whose key is not configured is refused with its key id named.
 */
public final class FileCipher {

    public static final String ALGORITHM = "AES-256-GCM";
    static final int SEGMENT = 64 * 1024;
    private static final byte[] MAGIC = "SWE1".getBytes(StandardCharsets.US_ASCII);
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FileCipher NONE = new FileCipher(null, List.of());

    private final SecretKeySpec key;
    private final String keyId;
    /** Every configured key by its id: the current one and the older ones kept to read the sets they wrote. */
    private final Map<String, SecretKeySpec> keys;

    private FileCipher(byte[] key, List<byte[]> previous) {
        this.key = key == null ? null : new SecretKeySpec(key, "AES");
        this.keyId = key == null ? null : keyId(key);
        Map<String, SecretKeySpec> all = new LinkedHashMap<>();
        if (key != null) {
            all.put(keyId, this.key);
        }
        for (byte[] old : previous) {
            all.putIfAbsent(keyId(old), new SecretKeySpec(old, "AES"));
        }
        this.keys = Map.copyOf(all);
    }

    /** No encryption: files are stored as written. */
    public static FileCipher none() {
        return NONE;
    }

    /** A cipher with a base64 key of 32 bytes; {@link #none()} for an empty one. */
    public static FileCipher fromBase64(String base64) {
        return fromBase64(base64, List.of());
    }

    /**
     * Key rotation: {@code current} (base64 of 32 bytes, or empty) encrypts new sets; it and every key of
     * {@code previous} decrypt the sets they wrote, each found by the key id the set's manifest records. Empty and
     * repeated entries are ignored.
     */
    public static FileCipher fromBase64(String current, List<String> previous) {
        byte[] key = current == null || current.isBlank() ? null : decode(current, "the backup encryption key");
        List<byte[]> old = new ArrayList<>();
        for (int i = 0; i < previous.size(); i++) {
            String p = previous.get(i);
            if (p != null && !p.isBlank()) {
                old.add(decode(p, "previous backup encryption key #" + (i + 1)));
            }
        }
        if (key == null && old.isEmpty()) {
            return NONE;
        }
        return new FileCipher(key, old);
    }

    private static byte[] decode(String base64, String what) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(
                    what + " must be 32 bytes (base64 of 32 random bytes), not " + key.length);
        }
        return key;
    }

    /** The labels of every key this cipher can decrypt with, the current one first. */
    public List<String> readableLabels() {
        List<String> labels = new ArrayList<>();
        if (key != null) {
            labels.add(label());
        }
        keys.keySet().stream().filter(id -> !id.equals(keyId)).sorted().forEach(id -> labels.add(ALGORITHM + ":" + id));
        return labels;
    }

    public boolean enabled() {
        return key != null;
    }

    /** What the manifest records: {@code AES-256-GCM:<key id>}, or null without encryption. */
    public String label() {
        return key == null ? null : ALGORITHM + ":" + keyId;
    }

    /** A file as stored on a target: its path, size and SHA-256. */
    public record Stored(Path path, long bytes, String sha256) {}

    /**
     * The file to upload for a written file: the file itself without encryption, else its encryption in
     * {@code workDir} (the caller deletes both).
     */
    public Stored store(Path plain, long plainBytes, String plainSha256, Path workDir) throws IOException {
        if (key == null) {
            return new Stored(plain, plainBytes, plainSha256);
        }
        Path out = Files.createTempFile(workDir, "sealed-", ".enc");
        encrypt(plain, out);
        try (InputStream in = Files.newInputStream(out)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[SEGMENT];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
            return new Stored(out, Files.size(out), HexFormat.of().formatHex(sha.digest()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Encrypts {@code plain} into {@code out}. */
    public void encrypt(Path plain, Path out) throws IOException {
        if (key == null) {
            throw new IllegalStateException("no current encryption key: new files are not encrypted");
        }
        byte[] prefix = new byte[8];
        RANDOM.nextBytes(prefix);
        byte[] header = header(prefix);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(plain), SEGMENT);
                DataOutputStream data =
                        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out), SEGMENT + 64))) {
            data.write(header);
            byte[] current = in.readNBytes(SEGMENT);
            int counter = 0;
            while (true) {
                byte[] next = current.length < SEGMENT ? new byte[0] : in.readNBytes(SEGMENT);
                boolean last = next.length == 0;
                byte[] sealed = cipher(key, Cipher.ENCRYPT_MODE, header, prefix, counter, last)
                        .doFinal(current);
                data.writeInt(sealed.length);
                data.write(sealed);
                if (last) {
                    break;
                }
                current = next;
                counter++;
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("encryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * The plain bytes of a stored file whose manifest says {@code label} (null: not encrypted, the stream as it is).
     * {@link IOException} when the file was encrypted with another key, no key is configured, or it does not
     * authenticate.
     */
    public InputStream open(String label, InputStream stored) throws IOException {
        if (label == null) {
            return stored;
        }
        if (keys.isEmpty()) {
            throw new IOException("the set is encrypted (" + label + ") and no encryption key is configured");
        }
        SecretKeySpec readWith =
                label.startsWith(ALGORITHM + ":") ? keys.get(label.substring(ALGORITHM.length() + 1)) : null;
        if (readWith == null) {
            throw new IOException("the set is encrypted with key " + label + ", which is not configured (configured: "
                    + String.join(", ", readableLabels())
                    + "): add it to SHOPWATCH_BACKUP_ENCRYPTION_PREVIOUS_KEYS to read this set");
        }
        return new Decrypting(readWith, new DataInputStream(new BufferedInputStream(stored, SEGMENT + 64)));
    }

    private final class Decrypting extends InputStream {

        private final SecretKeySpec key;
        private final DataInputStream in;
        private byte[] header;
        private byte[] prefix;
        private byte[] pending;
        private byte[] plain = new byte[0];
        private int position;
        private int counter;
        private boolean done;

        Decrypting(SecretKeySpec key, DataInputStream in) {
            this.key = key;
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (position >= plain.length) {
                if (done) {
                    return -1;
                }
                nextSegment();
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        private void nextSegment() throws IOException {
            if (header == null) {
                byte[] magic = in.readNBytes(MAGIC.length);
                if (!Arrays.equals(magic, MAGIC)) {
                    throw new IOException("not an encrypted backup file");
                }
                prefix = in.readNBytes(8);
                if (prefix.length != 8) {
                    throw new IOException("encrypted file cut short");
                }
                header = header(prefix);
                pending = readSealed();
                if (pending == null) {
                    throw new IOException("encrypted file cut short");
                }
            }
            byte[] following = readSealed();
            boolean last = following == null;
            try {
                plain = cipher(key, Cipher.DECRYPT_MODE, header, prefix, counter, last)
                        .doFinal(pending);
            } catch (GeneralSecurityException e) {
                throw new IOException("encrypted file does not authenticate (changed, cut or another key)", e);
            }
            position = 0;
            counter++;
            pending = following;
            done = last;
        }

        private byte[] readSealed() throws IOException {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                return null;
            }
            if (length < 16 || length > SEGMENT + 16) {
                throw new IOException("encrypted file is damaged (segment length " + length + ")");
            }
            byte[] sealed = in.readNBytes(length);
            if (sealed.length != length) {
                throw new IOException("encrypted file cut short");
            }
            return sealed;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static Cipher cipher(SecretKeySpec key, int mode, byte[] header, byte[] prefix, int counter, boolean last)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] nonce = ByteBuffer.allocate(12).put(prefix).putInt(counter).array();
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(header);
        cipher.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
        return cipher;
    }

    private static byte[] header(byte[] prefix) {
        return ByteBuffer.allocate(MAGIC.length + prefix.length)
                .put(MAGIC)
                .put(prefix)
                .array();
    }

    private static String keyId(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("shopwatch-backup-key-id\n".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(key)).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
