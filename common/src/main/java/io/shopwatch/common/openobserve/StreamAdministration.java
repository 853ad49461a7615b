package io.shopwatch.common.openobserve;

import java.util.List;
import java.util.Optional;

/** Lists, describes and deletes OpenObserve streams. */
public interface StreamAdministration {

    /** Every stream of a type, with statistics. */
    List<StreamInfo> listStreams(StreamType type);

    /** One stream's schema, settings and statistics; empty when the stream does not exist. */
    Optional<StreamInfo> stream(String name, StreamType type);

    /** Deletes a stream and its data; false when it did not exist. */
    boolean deleteStream(String name, StreamType type);

    /**
     * Sets how many days of a stream's data are kept ({@code data_retention} of its settings; 0: the store's global
     * retention); false when the stream does not exist.
     */
    default boolean setDataRetention(String name, StreamType type, int days) {
        throw new UnsupportedOperationException("this store does not change stream settings");
    }
}
