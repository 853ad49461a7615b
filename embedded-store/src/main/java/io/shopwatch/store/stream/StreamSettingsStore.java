package io.shopwatch.store.stream;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** Reads and changes a stream's settings and statistics. */
public interface StreamSettingsStore {

    /** Applies a change to a stream's settings; empty when the stream does not exist. */
    Optional<StreamMeta> updateSettings(StreamKey key, UnaryOperator<StreamSettings> change);

    /** Row count, time range and sizes of a stream. */
    StreamStats stats(StreamMeta stream);
}
