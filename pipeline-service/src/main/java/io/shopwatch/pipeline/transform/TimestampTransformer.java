package io.shopwatch.pipeline.transform;

import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;

/**
 * Puts the record's time in OpenObserve's {@code _timestamp} field, in microseconds. The ingestion services already
 * turned every accepted timestamp format into the envelope's instant; the payload's own {@code timestamp} field is
 * removed so that the time is stored once.
 */
public final class TimestampTransformer implements Stage {

    @Override
    public String name() {
        return "timestamp";
    }

    @Override
    public Phase phase() {
        return Phase.TRANSFORM;
    }

    @Override
    public void apply(PipelineRecord record) {
        record.document().remove("timestamp");
        record.document().put(PipelineRecord.TIMESTAMP_FIELD, record.timestampMicros());
        record.document().put(PipelineRecord.ID_FIELD, record.id());
    }
}
