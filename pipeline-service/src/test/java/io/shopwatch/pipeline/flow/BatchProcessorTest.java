package io.shopwatch.pipeline.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.pipeline.dedup.Deduplicator;
import io.shopwatch.pipeline.quality.PiiMasker;
import io.shopwatch.pipeline.quality.RequiredFieldsCheck;
import io.shopwatch.pipeline.quality.TimestampSanityCheck;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.sink.SinkUnavailableException;
import io.shopwatch.pipeline.sink.TelemetrySink;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import io.shopwatch.pipeline.transform.LevelTransformer;
import io.shopwatch.pipeline.transform.TimestampTransformer;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchProcessorTest {

    /** A store in memory that can be told to be down or to refuse records whose message says so. */
    static final class MemorySink implements TelemetrySink {
        final List<Map<String, Object>> stored = new ArrayList<>();
        final List<Integer> requestBytes = new ArrayList<>();
        boolean down;
        int writes;

        @Override
        public WriteResult write(
                String org, String streamType, String stream, List<Map<String, Object>> documents, List<byte[]> json) {
            requestBytes.add(json.stream().mapToInt(b -> b.length + 1).sum() + 1);
            return write(org, streamType, stream, documents);
        }

        @Override
        public WriteResult write(String org, String streamType, String stream, List<Map<String, Object>> documents) {
            writes++;
            if (down) {
                throw new SinkUnavailableException("store down", null);
            }
            long failed = 0;
            for (Map<String, Object> doc : documents) {
                if ("refuse me".equals(doc.get("message"))) {
                    failed++;
                } else {
                    stored.add(doc);
                }
            }
            return new WriteResult(documents.size() - failed, failed, failed > 0 ? "Too old data" : null);
        }

        @Override
        public Set<String> existingIds(String org, String stream, Collection<String> ids, long from, long to) {
            Set<String> present = new HashSet<>();
            for (Map<String, Object> doc : stored) {
                if (ids.contains(doc.get("id"))) {
                    present.add((String) doc.get("id"));
                }
            }
            return present;
        }
    }

    static final class CollectingOutlet implements BatchProcessor.Outlet {
        final List<PipelineRecord> stored = new ArrayList<>();
        final List<PipelineRecord> rejected = new ArrayList<>();

        @Override
        public void stored(List<PipelineRecord> records) {
            stored.addAll(records);
        }

        @Override
        public void rejected(List<PipelineRecord> records) {
            rejected.addAll(records);
        }
    }

    private final MemorySink sink = new MemorySink();
    private final CollectingOutlet outlet = new CollectingOutlet();
    private final Clock clock = Clock.fixed(Records.NOW, ZoneOffset.UTC);
    private final PipelineStats stats = new PipelineStats(new SimpleMeterRegistry());
    private final StageChain chain = new StageChain(
            List.of(
                    new FlattenTransformer(3),
                    new TimestampTransformer(),
                    new LevelTransformer(),
                    new RequiredFieldsCheck(Map.of()),
                    new TimestampSanityCheck(clock, Duration.ofHours(5), Duration.ofHours(24)),
                    new PiiMasker((kind, n) -> {})),
            List.of("pii_mask", "flatten", "timestamp", "level", "required_fields", "timestamp_sanity"),
            Map.of());
    private final BatchProcessor processor = new BatchProcessor(
            chain, new Deduplicator(1000, Duration.ofMinutes(10), Ticker.systemTicker()), sink, stats);

    private static PipelineRecord log(String id, String message) {
        return Records.log(id, "{\"level\":\"warning\",\"service\":\"cart\",\"message\":\"" + message + "\"}");
    }

    @Test
    void process_storesValidRejectsInvalidAndMasks() {
        PipelineRecord old = Records.record(
                "old",
                "logs",
                TelemetryType.LOG,
                "{\"level\":\"INFO\",\"service\":\"s\",\"message\":\"m\"}",
                Records.NOW.minus(Duration.ofHours(6)),
                3);
        PipelineRecord noService = Records.log("bad", "{\"level\":\"INFO\",\"message\":\"m\"}");

        processor.process(List.of(log("a", "paid by 13812345678"), noService, old), r -> false, outlet);

        assertThat(sink.stored).hasSize(1);
        Map<String, Object> doc = sink.stored.get(0);
        assertThat(doc)
                .containsEntry("id", "a")
                .containsEntry("level", "WARN")
                .containsEntry("message", "paid by 138****5678")
                .containsEntry("_timestamp", 1_795_608_000_000_000L)
                .doesNotContainKey("timestamp");
        assertThat(outlet.stored).extracting(PipelineRecord::id).containsExactly("a");
        assertThat(outlet.rejected)
                .extracting(r -> r.rejection().stage())
                .containsExactly("required_fields", "timestamp_sanity");
        assertThat(outlet.rejected.get(0).rejection().reason()).isEqualTo("missing required field 'service'");
    }

    @Test
    void process_duplicatesInBatchAndAcrossBatches_storedOnce() {
        processor.process(List.of(log("a", "one"), log("a", "one again")), r -> false, outlet);
        processor.process(List.of(log("a", "redelivered"), log("b", "two")), r -> false, outlet);

        assertThat(sink.stored).extracting(d -> d.get("id")).containsExactly("a", "b");
        assertThat(stats.snapshot()).containsEntry("duplicates_removed", 2L);
    }

    @Test
    void process_storeDown_throwsAndRetryStoresEachRecordOnce() {
        sink.down = true;
        List<PipelineRecord> batch = List.of(log("a", "one"), log("b", "two"));
        assertThatThrownBy(() -> processor.process(batch, r -> false, outlet))
                .isInstanceOf(SinkUnavailableException.class);
        assertThat(outlet.stored).isEmpty();

        sink.down = false;
        processor.process(List.of(log("a", "one"), log("b", "two")), r -> false, outlet);
        assertThat(sink.stored).hasSize(2);
        assertThat(outlet.stored).hasSize(2);
    }

    @Test
    void process_storeRefusesSome_theyAreDeadLetteredWithTheStoresReason() {
        processor.process(List.of(log("a", "fine"), log("b", "refuse me")), r -> false, outlet);

        assertThat(outlet.stored).extracting(PipelineRecord::id).containsExactly("a");
        assertThat(outlet.rejected).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("b");
            assertThat(r.rejection().stage()).isEqualTo("store");
            assertThat(r.rejection().reason()).contains("Too old data");
        });
    }

    @Test
    void process_splitsAStreamIntoStoreRequestsOfBoundedBytes_andDeadLettersADocumentTooLargeForOne() {
        BatchProcessor small = new BatchProcessor(
                chain, new Deduplicator(1000, Duration.ofMinutes(10), Ticker.systemTicker()), sink, stats, 400);
        List<PipelineRecord> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(log("r" + i, "message " + i));
        }
        batch.add(log("huge", "x".repeat(500)));

        small.process(batch, r -> false, outlet);

        assertThat(sink.requestBytes).hasSizeGreaterThan(1).allSatisfy(bytes -> assertThat(bytes)
                .isLessThanOrEqualTo(400));
        assertThat(sink.stored).hasSize(10);
        assertThat(outlet.stored).hasSize(10);
        assertThat(outlet.rejected).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("huge");
            assertThat(r.rejection().stage()).isEqualTo("store");
            assertThat(r.rejection().reason()).contains("larger than a store request may be (400 bytes)");
        });
    }

    @Test
    void process_afterRebalance_recordsAlreadyInTheStoreAreNotWrittenAgain() {
        processor.process(List.of(log("a", "one")), r -> false, outlet);
        BatchProcessor fresh = new BatchProcessor(
                chain, new Deduplicator(1000, Duration.ofMinutes(10), Ticker.systemTicker()), sink, stats);

        fresh.process(List.of(log("a", "one"), log("b", "two")), r -> true, outlet);

        assertThat(sink.stored).extracting(d -> d.get("id")).containsExactly("a", "b");
    }
}
