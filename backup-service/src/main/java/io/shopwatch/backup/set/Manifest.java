package io.shopwatch.backup.set;

import java.util.List;

/**
 * What a backup set holds, written last to {@code <backupId>/manifest.json}: a set without a manifest is not a set.
 *
 * @param format manifest format version
 * @param backupId the set's id, also its key prefix
 * @param kind {@code streams} or {@code state}
 * @param org the org it was taken from
 * @param createdAt when the backup finished (RFC 3339)
 * @param tool what wrote it
 * @param start inclusive start of the exported range, µs (streams)
 * @param end exclusive end, µs (streams)
 * @param streams per stream: name, type, records, files
 * @param files every data file, with its size, SHA-256 and record count
 * @param parent for an incremental backup, the set it continues (its {@code end} is this one's {@code start})
 * @param encryption how the files are encrypted ({@code AES-256-GCM:<key id>}, see {@link FileCipher}); absent when
 *     they are not (and then left out of the manifest, so that older manifests keep their hash)
 */
public record Manifest(
        int format,
        String backupId,
        String kind,
        String org,
        String createdAt,
        String tool,
        Long start,
        Long end,
        List<StreamEntry> streams,
        List<FileEntry> files,
        String parent,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String encryption) {

    public static final int FORMAT = 1;
    public static final String FILE = "manifest.json";

    public Manifest {
        streams = streams == null ? List.of() : List.copyOf(streams);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** The key of a set's manifest. */
    public static String key(String backupId) {
        return backupId + "/" + FILE;
    }

    public long records() {
        return files.stream().mapToLong(FileEntry::records).sum();
    }

    public long bytes() {
        return files.stream().mapToLong(FileEntry::bytes).sum();
    }

    /** One exported stream. */
    public record StreamEntry(String name, String type, long records, int files) {}

    /**
     * One data file: gzip-compressed NDJSON, one record per line.
     *
     * @param path key relative to the set ({@code data/orders/<from>-<to>.ndjson.gz})
     * @param stream the stream (or, for state, the service) it came from
     * @param type the stream type, or the state kind
     * @param sliceStart inclusive start of the slice, µs (0 for state)
     * @param sliceEnd exclusive end of the slice, µs (0 for state)
     * @param minTimestamp smallest {@code _timestamp} in the file, µs (0 for state)
     * @param maxTimestamp largest {@code _timestamp}, µs (0 for state)
     * @param records lines in the decompressed file
     * @param bytes stored (compressed) size
     * @param sha256 hex SHA-256 of the stored bytes
     */
    public record FileEntry(
            String path,
            String stream,
            String type,
            long sliceStart,
            long sliceEnd,
            long minTimestamp,
            long maxTimestamp,
            long records,
            long bytes,
            String sha256) {}
}
