package io.shopwatch.backup.stream;

import java.util.List;

/**
 * A stream backup as the job stores it.
 *
 * @param streams stream names (already in OpenObserve's normal form)
 * @param type stream type ({@code logs}, {@code metrics}, {@code traces})
 * @param start inclusive start, µs
 * @param end exclusive end, µs
 * @param target the target's name
 * @param sliceMicros length of one time slice (one file per stream and slice)
 */
public record StreamBackupRequest(
        List<String> streams, String type, long start, long end, String target, long sliceMicros) {}
