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
 * @param parent the set this one continues (an incremental backup starts at its end), or null
 */
public record StreamBackupRequest(
        List<String> streams, String type, long start, long end, String target, long sliceMicros, String parent) {}
