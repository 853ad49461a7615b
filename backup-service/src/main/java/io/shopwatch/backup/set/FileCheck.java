package io.shopwatch.backup.set;

import io.shopwatch.backup.set.Manifest.FileEntry;
import io.shopwatch.backup.target.BackupTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/**
 * Checks one stored file against its manifest entry. Quick: it exists and has the recorded size. Full: its bytes are
 * read back and hashed, and the decompressed lines counted. Used after every write and by verify jobs.
 */
public final class FileCheck {

    private FileCheck() {}

    /** A problem with a file, or null when the file matches its entry. */
    public static String check(BackupTarget target, String backupId, FileEntry entry, boolean full) {
        return check(target, backupId, entry, full, FileCipher.none(), null);
    }

    /**
     * The same for a set whose manifest says {@code encryption}: the hash is of the stored (encrypted) bytes, the lines
     * are counted after decryption, and a file that does not authenticate is a problem.
     */
    public static String check(
            BackupTarget target, String backupId, FileEntry entry, boolean full, FileCipher cipher, String encryption) {
        String key = backupId + "/" + entry.path();
        try {
            OptionalLong size = target.size(key);
            if (size.isEmpty()) {
                return entry.path() + ": missing";
            }
            if (size.getAsLong() != entry.bytes()) {
                return entry.path() + ": size " + size.getAsLong() + " bytes, manifest says " + entry.bytes();
            }
            if (!full) {
                return null;
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long lines = 0;
            try (InputStream raw = target.open(key);
                    DigestInputStream digest = new DigestInputStream(raw, sha);
                    InputStream in = new GZIPInputStream(cipher.open(encryption, digest), 64 * 1024)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
                // drain what the gzip reader left unread (trailing bytes count for the hash)
                while (digest.read(buffer) > 0) {
                    // reading is the point
                }
            }
            String hash = HexFormat.of().formatHex(sha.digest());
            if (!hash.equals(entry.sha256())) {
                return entry.path() + ": SHA-256 " + hash + ", manifest says " + entry.sha256();
            }
            if (lines != entry.records()) {
                return entry.path() + ": " + lines + " records, manifest says " + entry.records();
            }
            return null;
        } catch (NoSuchFileException e) {
            return entry.path() + ": missing";
        } catch (IOException e) {
            return entry.path() + ": unreadable (" + e.getMessage() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
