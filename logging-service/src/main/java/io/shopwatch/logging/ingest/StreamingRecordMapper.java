package io.shopwatch.logging.ingest;

import java.time.Instant;
import tools.jackson.core.JsonParser;

/**
 * A {@link RecordMapper} that also reads a record straight from the parser of a JSON request body, without a tree.
 * The outcome is the same as {@link RecordMapper#map(tools.jackson.databind.JsonNode, String, Instant)} on the same
 * record; a record the mapper does not read in one pass (a shape it leaves to the tree) is handed back, and the caller
 * maps that record's tree instead.
 */
public interface StreamingRecordMapper extends RecordMapper {

    /**
     * Reads and checks one record.
     *
     * @param parser positioned at the record's {@code START_OBJECT}, over {@code body} (a UTF-8 parser, so that token
     *     locations are byte offsets into it); left at the record's {@code END_OBJECT}, whatever the outcome
     * @param body the whole request body the parser reads
     * @return the record accepted or rejected; {@code null} when it is to be mapped from its tree
     */
    MappedRecord read(JsonParser parser, byte[] body, String org, Instant receivedAt);
}
