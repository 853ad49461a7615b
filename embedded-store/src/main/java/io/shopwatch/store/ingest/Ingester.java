package io.shopwatch.store.ingest;

import io.shopwatch.store.stream.StreamKey;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Stores records in a stream with OpenObserve's ingestion rules. */
public interface Ingester {

    /**
     * Normalises, checks and stores the records; returns only when the stored ones are durable. Refused records are
     * counted in the result with the reason, never dropped silently.
     *
     * @param key the stream (name already normalised)
     * @param records the records as parsed JSON
     * @param originalBytes the size of the records as received, for the stream's statistics
     */
    IngestStatus ingest(StreamKey key, List<JsonNode> records, long originalBytes);
}
