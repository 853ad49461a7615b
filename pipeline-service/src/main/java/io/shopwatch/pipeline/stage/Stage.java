package io.shopwatch.pipeline.stage;

import io.shopwatch.pipeline.record.PipelineRecord;

/**
 * One step of the pipeline: a transformer, an enricher or a quality check. It changes the record's document in place
 * or rejects the record with a reason. Implementations are Spring beans found by {@link #name()}; which ones run for
 * a stream is configuration.
 */
public interface Stage {

    /** The phases, in the order they run. */
    enum Phase {
        TRANSFORM,
        ENRICH,
        QUALITY
    }

    /** Name used in configuration and metrics, e.g. {@code user_agent}. */
    String name();

    Phase phase();

    /** Applies the stage to one record that no earlier stage rejected. Must not throw for bad input: reject it. */
    void apply(PipelineRecord record);

    /**
     * This stage with the given settings in force: a new instance for a stage that has settings (required fields,
     * schemas, service metadata, amount bands), this one for a stage without. Called when the settings change at
     * runtime; the instance in use is never changed, so a batch in progress finishes with the settings it started with.
     *
     * @throws IllegalArgumentException when the settings are not valid for this stage
     */
    default Stage configuredBy(StageSettings settings) {
        return this;
    }
}
