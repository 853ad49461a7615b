package io.shopwatch.logging.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to an ingestion batch, record by record.
 *
 * @param accepted records Kafka acknowledged
 * @param rejected records refused, each with its reason in {@code results}
 * @param results the rejected records (with {@code ?results=all}: every record, accepted ones with their id)
 */
public record IngestResponse(int accepted, int rejected, List<Result> results) {

    /**
     * The outcome of one record.
     *
     * @param index position of the record in the batch (NDJSON: among the non-blank lines), from 0
     * @param id the record's id, the generated one when it had none; absent for a rejected record without an id
     * @param status {@code accepted} or {@code rejected}
     * @param code the reason as a stable code ({@code invalid_field}, {@code schema}, ...), rejected records only
     * @param reason what is wrong, naming the field as a JSON pointer, rejected records only
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(int index, String id, String status, String code, String reason) {

        public static final String ACCEPTED = "accepted";
        public static final String REJECTED = "rejected";
    }
}
