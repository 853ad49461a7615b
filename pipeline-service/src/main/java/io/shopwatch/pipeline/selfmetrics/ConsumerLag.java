package io.shopwatch.pipeline.selfmetrics;

import java.util.Map;

/** How far the pipeline's consumer group is behind, per raw topic. */
@FunctionalInterface
public interface ConsumerLag {

    /** Records not yet consumed, summed over the partitions of each topic; throws when the broker cannot tell. */
    Map<String, Long> perTopic();
}
