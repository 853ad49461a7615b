package io.shopwatch.pipeline.transform;

import io.shopwatch.common.openobserve.OpenObserveFlattening;
import io.shopwatch.pipeline.record.EnvelopeReader;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import tools.jackson.databind.JsonNode;

/**
 * Builds the stored document from the record's JSON payload the way OpenObserve does on ingestion, with
 * {@link OpenObserveFlattening} (the rules the store applies too). Doing it here means the later stages see the field
 * names that will be stored. Records read from Kafka arrive flattened already ({@link EnvelopeReader} flattens while it
 * parses, by the same rules), so for them this stage only rejects a payload that is not an object.
 */
public final class FlattenTransformer implements Stage {

    /** OpenObserve's default {@code ZO_INGEST_FLATTEN_LEVEL}. */
    public static final int DEFAULT_DEPTH = OpenObserveFlattening.DEFAULT_LEVEL;

    private final OpenObserveFlattening flattening;

    /** @param maxDepth levels of objects joined; 0 or less means no limit */
    public FlattenTransformer(int maxDepth) {
        this.flattening = new OpenObserveFlattening(Math.max(0, maxDepth));
    }

    @Override
    public String name() {
        return "flatten";
    }

    @Override
    public Phase phase() {
        return Phase.TRANSFORM;
    }

    @Override
    public void apply(PipelineRecord record) {
        if (record.isFlattened()) {
            return; // read straight into the flat document by EnvelopeReader, with the same rules
        }
        JsonNode payload = record.payload();
        if (payload == null || !payload.isObject()) {
            record.reject(name(), "payload must be a JSON object");
            return;
        }
        flattening.flattenInto(payload, record.document());
    }
}
