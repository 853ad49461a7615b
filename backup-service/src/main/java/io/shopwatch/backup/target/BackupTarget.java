package io.shopwatch.backup.target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Where backup files go: a local directory, an S3-compatible bucket. Keys are relative paths with {@code /}
 * ({@code <backupId>/data/orders/...ndjson.gz}). One class per kind, registered as a bean and found by {@link #name()}.
 */
public interface BackupTarget {

    /** The name requests use ({@code "target": "local"}). */
    String name();

    /** Stores {@code file} under {@code key}, replacing what was there; an object is either whole or absent. */
    void put(String key, Path file) throws IOException;

    /** The stored size of {@code key}; empty when it does not exist. */
    OptionalLong size(String key) throws IOException;

    /** Reads {@code key}; {@link java.nio.file.NoSuchFileException} when it does not exist. */
    InputStream open(String key) throws IOException;

    /** Deletes every object whose key starts with {@code prefix}. */
    void deletePrefix(String prefix) throws IOException;
}
