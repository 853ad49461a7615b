package io.shopwatch.backup.set;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes records as gzip-compressed NDJSON to a local file, hashing the stored bytes (SHA-256) while they are written
 * and keeping the record count and the {@code _timestamp} range.
 */
public final class NdjsonGzipWriter implements Closeable {

    private final Path file;
    private final ObjectMapper json;
    private final MessageDigest sha;
    private final OutputStream out;
    private long records;
    private long minTimestamp = Long.MAX_VALUE;
    private long maxTimestamp = Long.MIN_VALUE;
    private boolean closed;

    public NdjsonGzipWriter(Path file, ObjectMapper json) throws IOException {
        this.file = file;
        this.json = json;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.out = new GZIPOutputStream(
                new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024), sha),
                64 * 1024);
    }

    public void write(Map<String, Object> record) throws IOException {
        out.write(json.writeValueAsBytes(record));
        out.write('\n');
        records++;
        if (record.get("_timestamp") instanceof Number n) {
            minTimestamp = Math.min(minTimestamp, n.longValue());
            maxTimestamp = Math.max(maxTimestamp, n.longValue());
        }
    }

    public long records() {
        return records;
    }

    public long minTimestamp() {
        return records == 0 ? 0 : minTimestamp;
    }

    public long maxTimestamp() {
        return records == 0 ? 0 : maxTimestamp;
    }

    /** Hex SHA-256 of the file's bytes; after {@link #close()}. */
    public String sha256() {
        if (!closed) {
            throw new IllegalStateException("not closed yet");
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public long bytes() throws IOException {
        return Files.size(file);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
