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
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
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
 */
public final class FileCipher {

    public static final String ALGORITHM = "AES-256-GCM";
    static final int SEGMENT = 64 * 1024;
    private static final byte[] MAGIC = "SWE1".getBytes(StandardCharsets.US_ASCII);
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FileCipher NONE = new FileCipher(null);

    private final SecretKeySpec key;
    private final String keyId;

    private FileCipher(byte[] key) {
        this.key = key == null ? null : new SecretKeySpec(key, "AES");
        this.keyId = key == null ? null : keyId(key);
    }

    /** No encryption: files are stored as written. */
    public static FileCipher none() {
        return NONE;
    }

    /** A cipher with a base64 key of 32 bytes; {@link #none()} for an empty one. */
    public static FileCipher fromBase64(String base64) {
        if (base64 == null || base64.isBlank()) {
            return NONE;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the backup encryption key is not base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(
                    "the backup encryption key must be 32 bytes (base64 of 32 random bytes), not " + key.length);
        }
        return new FileCipher(key);
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
                byte[] sealed = cipher(Cipher.ENCRYPT_MODE, header, prefix, counter, last)
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
        if (key == null) {
            throw new IOException("the set is encrypted (" + label + ") and no encryption key is configured");
        }
        if (!label.equals(label())) {
            throw new IOException("the set is encrypted with key " + label + ", the configured key is " + label());
        }
        return new Decrypting(new DataInputStream(new BufferedInputStream(stored, SEGMENT + 64)));
    }

    private final class Decrypting extends InputStream {

        private final DataInputStream in;
        private byte[] header;
        private byte[] prefix;
        private byte[] pending;
        private byte[] plain = new byte[0];
        private int position;
        private int counter;
        private boolean done;

        Decrypting(DataInputStream in) {
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
                plain = cipher(Cipher.DECRYPT_MODE, header, prefix, counter, last)
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

    private Cipher cipher(int mode, byte[] header, byte[] prefix, int counter, boolean last)
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
