package io.shopwatch.pipeline.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.pipeline.dedup.Deduplicator;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import io.shopwatch.pipeline.transform.TimestampTransformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampledBatchTest {

    @Test
    void process_sampledOutRecords_areNeitherStoredNorDeadLettered_andTheSamplerSeesThemAfterTheStages() {
        BatchProcessorTest.MemorySink sink = new BatchProcessorTest.MemorySink();
        BatchProcessorTest.CollectingOutlet outlet = new BatchProcessorTest.CollectingOutlet();
        StageChain chain = new StageChain(
                List.of(new FlattenTransformer(3), new TimestampTransformer()),
                List.of("flatten", "timestamp"),
                Map.of());
        Sampler dropOdd = record -> {
            assertThat(record.document()).containsKey("_timestamp"); // the stages ran first
            return !record.id().startsWith("odd");
        };
        BatchProcessor processor = new BatchProcessor(
                chain,
                new Deduplicator(1000, Duration.ofMinutes(10), Ticker.systemTicker()),
                sink,
                new PipelineStats(new SimpleMeterRegistry()),
                BatchProcessor.DEFAULT_MAX_REQUEST_BYTES,
                dropOdd);

        processor.process(
                List.of(
                        Records.log("even-1", "{\"message\":\"a\"}"),
                        Records.log("odd-1", "{\"message\":\"b\"}"),
                        Records.log("even-2", "{\"message\":\"c\"}")),
                r -> false,
                outlet);

        assertThat(sink.stored).extracting(d -> d.get("id")).containsExactly("even-1", "even-2");
        assertThat(outlet.stored).extracting(PipelineRecord::id).containsExactly("even-1", "even-2");
        assertThat(outlet.rejected).isEmpty();
    }
}
