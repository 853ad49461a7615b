package io.shopwatch.store.ingest;

import io.shopwatch.common.openobserve.OpenObserveFlattening;
import io.shopwatch.common.openobserve.OpenObserveTimestamps;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Turns one received record into a row: flattening and key normalisation ({@link OpenObserveFlattening}), the
 * {@code _timestamp} rules ({@link OpenObserveTimestamps}), the time window ({@link IngestionWindow}) and the column limit.
 */
public final class RecordNormaliser {

    /** The row, or the reason it was refused. */
    public record Outcome(Map<String, Object> row, String error) {
        static Outcome refused(String error) {
            return new Outcome(null, error);
        }

        public boolean accepted() {
            return row != null;
        }
    }

    private final IngestionWindow window;
    private final int columnsLimit;

    public RecordNormaliser(IngestionWindow window, int columnsLimit) {
        this.window = window;
        this.columnsLimit = columnsLimit;
    }

    /** The clock's now in µs; use one value per request. */
    public long nowMicros() {
        return window.nowMicros();
    }

    public Outcome normalise(JsonNode record, OpenObserveFlattening flattener, String streamLabel, long nowMicros) {
        Map<String, Object> row;
        try {
            row = flattener.flatten(record);
        } catch (IllegalArgumentException e) {
            return Outcome.refused(e.getMessage());
        }
        String refusal = finish(row, streamLabel, nowMicros);
        return refusal == null ? new Outcome(row, null) : Outcome.refused(refusal);
    }

    /**
     * The rules after flattening, applied to a flattened row in place: {@code _timestamp} becomes µs (now when absent),
     * then the time window and the column limit are checked.
     *
     * @param row the flattened row (a {@link RowBatch#row()} or a map)
     * @return null when the row is accepted, else why it is refused
     */
    public String finish(Map<String, Object> row, String streamLabel, long nowMicros) {
        long timestamp;
        Object ts = row.get("_timestamp");
        if (ts == null) {
            timestamp = nowMicros;
        } else {
            try {
                timestamp = OpenObserveTimestamps.micros(ts, nowMicros);
            } catch (OpenObserveTimestamps.InvalidTimestampException e) {
                return e.getMessage();
            }
        }
        Optional<String> outside = window.check(timestamp, nowMicros);
        if (outside.isPresent()) {
            return outside.get();
        }
        if (!(ts instanceof Long given) || given != timestamp) {
            row.put("_timestamp", timestamp); // a Long in µs already (the pipeline's form) stays as it is
        }
        if (row.size() > columnsLimit) {
            return "Got " + row.size() + " columns for stream " + streamLabel + ", only " + columnsLimit
                    + " columns accept. Data discarded. You can adjust ingestion columns limit by setting the"
                    + " environment variable ZO_COLS_PER_RECORD_LIMIT=<max_columns>";
        }
        return null;
    }
}
