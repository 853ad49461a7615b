package io.shopwatch.logging.shippers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.shopwatch.common.openobserve.OpenObserveNames;
import io.shopwatch.logging.ingest.BatchIngestor;
import io.shopwatch.logging.ingest.MappedRecord;
import io.shopwatch.logging.ingest.RejectReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The answers of OpenObserve's ingestion API, in its shapes ({@code ingestion_common} in OpenObserve's source). */
final class OpenObserveAnswers {

    private OpenObserveAnswers() {}

    /** {@code _json}, {@code _multi}: {@code {"code":200,"status":[{"name","successful","failed","error"?}]}}. */
    record IngestionResponse(int code, List<StreamStatus> status) {}

    /** @param error the last reject's reason, absent when nothing was rejected (OpenObserve keeps only the last one) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StreamStatus(String name, int successful, int failed, String error) {}

    /** A whole-request refusal: {@code {"code":400,"message":"..."}}. */
    record Refusal(int code, String message) {}

    /** {@code _bulk}: {@code {"took":ms,"errors":bool,"items":[{"index":{...}}]}}. */
    record BulkResponse(long took, boolean errors, List<Map<String, BulkItem>> items) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BulkItem(
            @JsonProperty("_index") String index,
            @JsonProperty("_id") String id,
            @JsonProperty("_version") Integer version,
            String result,
            @JsonProperty("_shards") Shards shards,
            @JsonProperty("_seq_no") Integer seqNo,
            @JsonProperty("_primary_term") Integer primaryTerm,
            int status,
            BulkError error,
            JsonNode originalRecord) {}

    record Shards(int total, int successful, int failed) {}

    record BulkError(
            String type,
            String reason,
            @JsonProperty("index_uuid") String indexUuid,
            String shard,
            String index) {}

    static IngestionResponse ingestion(String stream, BatchIngestor.Outcome outcome) {
        String error = null;
        for (MappedRecord record : outcome.records()) {
            if (record instanceof MappedRecord.Rejected rejected) {
                error = rejected.detail();
            }
        }
        return new IngestionResponse(
                200, List.of(new StreamStatus(stream, outcome.accepted(), outcome.rejected(), error)));
    }

    /**
     * One item per document: 200 {@code created} for a stored one; 422 with the reason and the document as sent
     * ({@code originalRecord}) for a rejected one.
     */
    static BulkResponse bulk(long tookMillis, BulkDecoder decoded, BatchIngestor.Outcome outcome) {
        List<BulkDecoder.Action> actions = decoded.actions();
        List<Map<String, BulkItem>> items = new ArrayList<>(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            BulkDecoder.Action action = actions.get(i);
            MappedRecord record = outcome.records().get(i);
            String index = OpenObserveNames.streamName(action.index().strip());
            BulkItem item;
            if (record instanceof MappedRecord.Rejected rejected) {
                String type = rejected.reason() == RejectReason.INVALID_TIMESTAMP
                        ? "timestamp_parsing_failed"
                        : "mapper_parsing_exception";
                item = new BulkItem(
                        index,
                        action.id(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        422,
                        new BulkError(type, rejected.detail(), "0", "1", index),
                        decoded.records().get(i).node());
            } else {
                item = new BulkItem(index, record.id(), 1, "created", new Shards(1, 1, 0), i, 1, 200, null, null);
            }
            Map<String, BulkItem> entry = new LinkedHashMap<>(1);
            entry.put(action.name(), item);
            items.add(entry);
        }
        return new BulkResponse(tookMillis, outcome.rejected() > 0, items);
    }
}
