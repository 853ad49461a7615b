package io.shopwatch.client;

import java.util.List;

/**
 * ShopWatch's answer to one batch.
 *
 * @param accepted records stored (Kafka acknowledged them)
 * @param rejected records refused; {@code results} says which and why
 * @param results the rejected records (and, when asked for, the accepted ones)
 */
public record IngestResult(int accepted, int rejected, List<RecordResult> results) {

    public IngestResult {
        results = results == null ? List.of() : List.copyOf(results);
    }

    /**
     * The outcome of one record.
     *
     * @param index position in the batch, from 0
     * @param code stable reason code ({@code invalid_field}, {@code schema}, ...)
     */
    public record RecordResult(int index, String id, String status, String code, String reason) {}

    /** The sum of two answers (a batch split in two halves). */
    IngestResult plus(IngestResult other, int indexOffset) {
        List<RecordResult> merged = new java.util.ArrayList<>(results);
        for (RecordResult r : other.results) {
            merged.add(new RecordResult(r.index() + indexOffset, r.id(), r.status(), r.code(), r.reason()));
        }
        return new IngestResult(accepted + other.accepted, rejected + other.rejected, merged);
    }
}
