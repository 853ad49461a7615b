package io.shopwatch.pipeline.api;

import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.pipeline.PipelineProperties;
import io.shopwatch.pipeline.dedup.Deduplicator;
import io.shopwatch.pipeline.flow.LiveStageChain;
import io.shopwatch.pipeline.flow.PipelineStats;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read-only view of the pipeline, and the replay of dead-lettered records after a fix. */
@Validated
@RestController
@RequestMapping("/api/v1/pipeline")
public class PipelineController {

    private final PipelineStats stats;
    private final LiveStageChain chain;
    private final Deduplicator deduplicator;
    private final DeadLetters deadLetters;
    private final PipelineProperties properties;

    public PipelineController(
            PipelineStats stats,
            LiveStageChain chain,
            Deduplicator deduplicator,
            DeadLetters deadLetters,
            PipelineProperties properties) {
        this.stats = stats;
        this.chain = chain;
        this.deduplicator = deduplicator;
        this.deadLetters = deadLetters;
        this.properties = properties;
    }

    /** Counts per stage, rejects by reason, duplicates removed, batch latency, and the stage chain of each stream. */
    @GetMapping("/stats")
    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>(stats.snapshot());
        out.put("dedup_keys_remembered", deduplicator.size());
        out.put("topics", properties.topics());
        out.put("stage_chains", chain.get().describe());
        return out;
    }

    /** The most recent rejects of one dead-letter topic (default: the logs one), with their reasons. */
    @GetMapping("/dlq")
    public List<DeadLetters.DeadLetter> deadLetters(
            @RequestParam(defaultValue = Topics.LOGS_RAW + ".dlq") String topic,
            @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        return deadLetters.recent(checked(topic), limit);
    }

    /** Sends the most recent rejects of a dead-letter topic back to their source topics. */
    @PostMapping("/dlq/replay")
    public Map<String, Object> replay(
            @RequestParam String topic, @RequestParam(defaultValue = "1000") @Min(1) @Max(100_000) int limit) {
        int replayed = deadLetters.replay(checked(topic), limit);
        return Map.of("topic", topic, "replayed", replayed);
    }

    private String checked(String topic) {
        boolean known = properties.topics().stream().map(Topics::deadLetter).anyMatch(topic::equals);
        if (!known) {
            throw ShopWatchException.invalid("'" + topic + "' is not one of the pipeline's dead-letter topics: "
                    + properties.topics().stream().map(Topics::deadLetter).toList());
        }
        return topic;
    }
}
