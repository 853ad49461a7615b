package io.shopwatch.store.ingest;

import io.shopwatch.store.stream.StreamKey;
import java.io.InputStream;
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

    /**
     * Reads a {@code _json} body (a JSON array of records, or one record) and stores its records as
     * {@link #ingest(StreamKey, List, long)} does, without building a tree per record; returns only when the stored
     * ones are durable and searchable.
     *
     * @param key the stream (name already normalised)
     * @param body the request body, read to its end
     * @throws io.shopwatch.store.error.StoreException 400 when the body is empty or not JSON (nothing is stored)
     * @throws java.io.UncheckedIOException when the body cannot be read (nothing is stored)
     */
    IngestStatus ingestJson(StreamKey key, InputStream body);
}
