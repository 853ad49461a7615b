package io.shopwatch.logging.ingest;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** Checks one record of one kind (logs, events) and turns it into its Kafka envelope. One implementation per kind. */
public interface RecordMapper {

    /** The kind, as used in metric tags and log lines: {@code logs}, {@code events}. */
    String kind();

    /** The Kafka topic the records go to. */
    String topic();

    /**
     * Checks one record.
     *
     * @param record the record as parsed (any JSON value)
     * @param org the org the request writes for
     * @param receivedAt when the request arrived: the timestamp of records that have none
     */
    MappedRecord map(JsonNode record, String org, Instant receivedAt);

    /**
     * Checks one record whose wire format named its stream (a path segment, a bulk action's {@code _index}).
     * Mappers whose records name their own stream ignore it (the default).
     *
     * @param stream the stream as the wire format gave it, not yet normalised; {@code null} when it gave none
     */
    default MappedRecord map(JsonNode record, String org, String stream, Instant receivedAt) {
        return map(record, org, receivedAt);
    }
}
