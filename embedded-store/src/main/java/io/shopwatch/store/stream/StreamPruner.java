package io.shopwatch.store.stream;

import java.util.List;

/** Removes old rows from streams. */
public interface StreamPruner {

    /** Every stream of every organisation. */
    List<StreamMeta> all();

    /** Deletes the stream's rows with {@code _timestamp} before {@code cutoffMicros}; returns how many. */
    long deleteBefore(StreamKey key, long cutoffMicros);
}
