package io.shopwatch.pipeline.flow;

import io.shopwatch.pipeline.record.PipelineRecord;

/**
 * Decides, after the stages, whether an accepted record is stored or sampled out. A sampled-out record is neither
 * stored nor dead-lettered; the sampler counts it. A kept record may be changed (it may carry the rate it was kept
 * at).
 */
@FunctionalInterface
public interface Sampler {

    /** Keeps every record. */
    Sampler KEEP_ALL = record -> true;

    /** Whether the record is stored; false drops it, and the sampler has counted why. */
    boolean keep(PipelineRecord record);
}
