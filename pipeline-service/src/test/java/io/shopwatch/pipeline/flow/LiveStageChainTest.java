package io.shopwatch.pipeline.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.pipeline.dedup.Deduplicator;
import io.shopwatch.pipeline.quality.RequiredFieldsCheck;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import io.shopwatch.pipeline.stage.StageSettings;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import io.shopwatch.pipeline.transform.TimestampTransformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The stage chain replaced while batches flow through a {@link BatchProcessor} on another thread: every record is
 * stored or dead-lettered exactly once, each batch runs one chain from start to end, batches finished before the swap
 * ran the old chain and batches started after it the new one.
 */
class LiveStageChainTest {

    private static final int BATCH = 50;
    private static final int BATCHES = 400;

    /** The old rules require {@code order_id} of stream "orders"; the new ones {@code customer_id} too. */
    private static StageChain chain(List<String> requiredOfOrders, List<String> orderStages) {
        StageSettings settings =
                new StageSettings(Map.of("orders", requiredOfOrders), Map.of(), Map.of(), List.of(50.0));
        List<Stage> stages = new ArrayList<>();
        for (Stage stage : List.of(
                new FlattenTransformer(3), new TimestampTransformer(), new RequiredFieldsCheck(Map.of()), new Tag())) {
            stages.add(stage.configuredBy(settings));
        }
        return new StageChain(
                stages, List.of("flatten", "timestamp", "required_fields"), Map.of("orders", orderStages));
    }

    /** Marks the record as seen by the new chain, which alone contains this stage. */
    static final class Tag implements Stage {
        @Override
        public String name() {
            return "tag";
        }

        @Override
        public Phase phase() {
            return Phase.ENRICH;
        }

        @Override
        public void apply(PipelineRecord record) {
            record.document().put("tagged", true);
        }
    }

    private static PipelineRecord order(int n) {
        // every record has order_id; none has customer_id: the old rules store it, the new ones dead-letter it
        return Records.record(
                "r-" + n,
                "orders",
                TelemetryType.EVENT,
                "{\"type\":\"order\",\"session_id\":\"s\",\"order_id\":\"o-" + n + "\"}",
                Records.NOW,
                n);
    }

    private static BatchProcessor processor(LiveStageChain live, BatchProcessorTest.MemorySink sink) {
        return new BatchProcessor(
                live,
                new Deduplicator(100_000, Duration.ofMinutes(10), Ticker.systemTicker()),
                sink,
                new PipelineStats(new SimpleMeterRegistry()),
                BatchProcessor.DEFAULT_MAX_REQUEST_BYTES,
                Sampler.KEEP_ALL,
                RecordTracing.NONE);
    }

    @Test
    void replace_whileBatchesFlow_eachBatchRunsOneChain_noRecordLostOrProcessedTwice() throws Exception {
        LiveStageChain live =
                new LiveStageChain(chain(List.of("order_id"), List.of("flatten", "timestamp", "required_fields")));
        StageChain next =
                chain(List.of("order_id", "customer_id"), List.of("flatten", "timestamp", "tag", "required_fields"));
        BatchProcessorTest.MemorySink sink = new BatchProcessorTest.MemorySink();
        BatchProcessor processor = processor(live, sink);
        Map<Integer, List<PipelineRecord>> storedByBatch = new ConcurrentHashMap<>();
        Map<Integer, List<PipelineRecord>> rejectedByBatch = new ConcurrentHashMap<>();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        Thread feeder = new Thread(() -> {
            try {
                for (int b = 0; b < BATCHES; b++) {
                    List<PipelineRecord> batch = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++) {
                        batch.add(order(b * BATCH + i));
                    }
                    int index = b;
                    started.incrementAndGet();
                    processor.process(batch, r -> false, new BatchProcessor.Outlet() {
                        @Override
                        public void stored(List<PipelineRecord> records) {
                            storedByBatch
                                    .computeIfAbsent(index, k -> new ArrayList<>())
                                    .addAll(records);
                        }

                        @Override
                        public void rejected(List<PipelineRecord> records) {
                            rejectedByBatch
                                    .computeIfAbsent(index, k -> new ArrayList<>())
                                    .addAll(records);
                        }
                    });
                    finished.incrementAndGet();
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        feeder.start();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> finished.get() >= 20);
        int finishedBefore = finished.get();
        live.replace(next);
        int startedAfter = started.get();
        feeder.join(TimeUnit.SECONDS.toMillis(60));

        assertThat(failure.get()).isNull();
        assertThat(finished.get()).isEqualTo(BATCHES);
        int stored = storedByBatch.values().stream().mapToInt(List::size).sum();
        int rejected = rejectedByBatch.values().stream().mapToInt(List::size).sum();
        assertThat(stored + rejected).as("every record once").isEqualTo(BATCH * BATCHES);
        assertThat(sink.stored).hasSize(stored);
        assertThat(new HashSet<>(sink.stored.stream().map(d -> d.get("id")).toList()))
                .hasSize(stored);
        int lastOld = -1;
        for (int b = 0; b < BATCHES; b++) {
            List<PipelineRecord> s = storedByBatch.getOrDefault(b, List.of());
            List<PipelineRecord> r = rejectedByBatch.getOrDefault(b, List.of());
            // one chain per batch: the old one stores all fifty untagged, the new one dead-letters all fifty, tagged
            if (s.size() == BATCH) {
                assertThat(r).isEmpty();
                assertThat(s).allSatisfy(p -> assertThat(p.document()).doesNotContainKey("tagged"));
                assertThat(lastOld).as("no old batch after a new one").isEqualTo(b - 1);
                lastOld = b;
            } else {
                assertThat(r).hasSize(BATCH);
                assertThat(r).allSatisfy(p -> {
                    assertThat(p.document()).containsEntry("tagged", true);
                    assertThat(p.rejection().reason()).contains("customer_id");
                });
            }
        }
        assertThat(lastOld + 1)
                .as("batches finished before the swap ran the old chain")
                .isGreaterThanOrEqualTo(finishedBefore);
        assertThat(lastOld + 1)
                .as("batches started after the swap ran the new chain")
                .isLessThanOrEqualTo(startedAfter);
        assertThat(lastOld).as("some batches ran the new chain").isLessThan(BATCHES - 1);
        assertThat(live.version()).isEqualTo(1);
    }

    @Test
    void replace_duringABatch_theBatchFinishesWithTheChainItStartedWith() throws Exception {
        CountDownLatch inStage = new CountDownLatch(1);
        CountDownLatch swapped = new CountDownLatch(1);
        Stage gate = new Stage() {
            @Override
            public String name() {
                return "gate";
            }

            @Override
            public Phase phase() {
                return Phase.TRANSFORM;
            }

            @Override
            public void apply(PipelineRecord record) {
                inStage.countDown();
                try {
                    swapped.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        StageSettings old = new StageSettings(Map.of(), Map.of(), Map.of(), List.of(50.0));
        LiveStageChain live = new LiveStageChain(new StageChain(
                List.of(
                        new FlattenTransformer(3),
                        new TimestampTransformer(),
                        gate,
                        new RequiredFieldsCheck(Map.of()).configuredBy(old)),
                List.of("gate", "flatten", "timestamp", "required_fields"),
                Map.of()));
        BatchProcessorTest.MemorySink sink = new BatchProcessorTest.MemorySink();
        BatchProcessor processor = processor(live, sink);
        BatchProcessorTest.CollectingOutlet first = new BatchProcessorTest.CollectingOutlet();

        Thread batch = new Thread(() -> processor.process(List.of(order(1), order(2)), r -> false, first));
        batch.start();
        assertThat(inStage.await(30, TimeUnit.SECONDS)).isTrue();
        live.replace(chain(List.of("order_id", "customer_id"), List.of("flatten", "timestamp", "required_fields")));
        swapped.countDown();
        batch.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(first.stored).extracting(PipelineRecord::id).containsExactly("r-1", "r-2");
        assertThat(first.rejected).isEmpty();

        BatchProcessorTest.CollectingOutlet second = new BatchProcessorTest.CollectingOutlet();
        processor.process(List.of(order(3)), r -> false, second);
        assertThat(second.stored).isEmpty();
        assertThat(second.rejected).extracting(PipelineRecord::id).containsExactly("r-3");
    }

    @Test
    void replace_declaresTheNewChainsStages_soTheirDeadLetterCountersStartAtZero() {
        LiveStageChain live =
                new LiveStageChain(chain(List.of("order_id"), List.of("flatten", "timestamp", "required_fields")));
        PipelineStats stats = new PipelineStats(new SimpleMeterRegistry());
        BatchProcessor processor = new BatchProcessor(
                live,
                new Deduplicator(100_000, Duration.ofMinutes(10), Ticker.systemTicker()),
                new BatchProcessorTest.MemorySink(),
                stats,
                BatchProcessor.DEFAULT_MAX_REQUEST_BYTES,
                Sampler.KEEP_ALL,
                RecordTracing.NONE);
        assertThat(stats.deadLetteredPerStage())
                .extracting(PipelineStats.OrgCount::label)
                .contains("required_fields", "store")
                .doesNotContain("tag");

        live.replace(chain(List.of("order_id"), List.of("flatten", "timestamp", "tag", "required_fields")));
        processor.process(List.of(order(1)), r -> false, new BatchProcessorTest.CollectingOutlet());

        assertThat(stats.deadLetteredPerStage())
                .contains(new PipelineStats.OrgCount(PipelineStats.UNKNOWN_ORG, "tag", 0));
    }
}
