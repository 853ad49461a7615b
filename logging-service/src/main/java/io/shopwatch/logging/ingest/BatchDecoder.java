package io.shopwatch.logging.ingest;

import java.util.List;

/**
 * Splits a request body (already read and decompressed) into its records: one implementation per wire format (JSON
 * array, NDJSON, Elasticsearch bulk, OTLP, Loki push). A body that cannot be read at all is refused with a
 * {@link io.shopwatch.common.web.ShopWatchException}; a single unreadable record is a {@link DecodedRecord#broken}.
 */
@FunctionalInterface
public interface BatchDecoder {

    /**
     * @param maxRecords most records accepted; more are refused with 413
     */
    List<DecodedRecord> decode(byte[] body, int maxRecords);
}
