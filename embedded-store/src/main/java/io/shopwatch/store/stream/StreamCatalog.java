package io.shopwatch.store.stream;

import io.shopwatch.common.openobserve.StreamType;
import java.util.List;
import java.util.Optional;

/** The streams of an organisation: which exist, what they look like, and deleting them. */
public interface StreamCatalog {

    /** Every stream of an organisation, of one type or (type null) of all types, sorted by name. */
    List<StreamMeta> list(String org, StreamType type);

    /** One stream, if it exists. */
    Optional<StreamMeta> find(StreamKey key);

    /** Deletes a stream and all its rows; false when it did not exist. */
    boolean delete(StreamKey key);
}
