package io.shopwatch.pipeline.selfmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.pipeline.dedup.Deduplicator;
import io.shopwatch.pipeline.flow.BatchProcessor;
import io.shopwatch.pipeline.flow.PipelineStats;
import io.shopwatch.pipeline.flow.StageChain;
import io.shopwatch.pipeline.quality.TimestampSanityCheck;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.sink.TelemetrySink;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import io.shopwatch.pipeline.transform.TimestampTransformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SelfMetricsWriterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final PipelineStats stats = new PipelineStats(new SimpleMeterRegistry());
    private final List<SelfMetricsWriter.Keyed> sent = new ArrayList<>();
    private Map<String, Long> lag = Map.of("shopwatch.logs.raw", 7L);
    private final SelfMetricsWriter writer = new SelfMetricsWriter(
            stats, () -> lag, sent::addAll, clock, "platform", "shopwatch-pipeline", "pipeline-1");

    private final BatchProcessor processor = new BatchProcessor(
            new StageChain(
                    List.of(
                            new FlattenTransformer(3),
                            new TimestampTransformer(),
                            new TimestampSanityCheck(clock, Duration.ofHours(5), Duration.ofHours(24))),
                    List.of("flatten", "timestamp", "timestamp_sanity"),
                    Map.of()),
            new Deduplicator(1000, Duration.ofMinutes(10), Ticker.systemTicker()),
            new TelemetrySink() {
                @Override
                public WriteResult write(
                        String org, String streamType, String stream, List<Map<String, Object>> documents) {
                    return new WriteResult(documents.size(), 0, null);
                }

                @Override
                public Set<String> existingIds(
                        String org, String stream, Collection<String> ids, long fromMicros, long toMicros) {
                    return Set.of();
                }
            },
            stats);

    private static PipelineRecord log(String id, String org, Instant at) {
        Envelope envelope = new Envelope(
                id, org, "logs", TelemetryType.LOG, at, JSON.readTree("{\"service\":\"cart\",\"message\":\"m\"}"));
        return new PipelineRecord(envelope, new PipelineRecord.Source("shopwatch.logs.raw", 0, 0), Map.of());
    }

    private void process(PipelineRecord... records) {
        processor.process(List.of(records), r -> false, new BatchProcessor.Outlet() {
            @Override
            public void stored(List<PipelineRecord> stored) {}

            @Override
            public void rejected(List<PipelineRecord> rejected) {}
        });
    }

    /** The value of the one sample of that org, metric and label written by the last write. */
    private double value(String org, String metric, String label, String labelValue) {
        return sent.stream()
                .map(SelfMetricsWriter.Keyed::envelope)
                .filter(e -> e.org().equals(org) && e.stream().equals(metric))
                .map(Envelope::payload)
                .filter(p -> p.get("labels").get(label).asString().equals(labelValue))
                .mapToDouble(p -> p.get("value").asDouble())
                .reduce((first, last) -> last)
                .orElse(Double.NaN);
    }

    @Test
    void write_aDeadLetteredRecord_movesTheDeadLetteredCounterOfItsOrgAndStage() {
        process(log("a", "shop-a", NOW), log("old", "shop-a", NOW.minus(Duration.ofHours(6))));
        writer.write();
        assertThat(value("shop-a", SelfMetricsWriter.DEAD_LETTERED, "stage", "timestamp_sanity"))
                .isEqualTo(1.0);
        assertThat(value("shop-a", SelfMetricsWriter.STORED, "stream", "logs")).isEqualTo(1.0);

        process(log("older", "shop-a", NOW.minus(Duration.ofHours(8))));
        sent.clear();
        writer.write();
        assertThat(value("shop-a", SelfMetricsWriter.DEAD_LETTERED, "stage", "timestamp_sanity"))
                .isEqualTo(2.0);
    }

    @Test
    void write_samplesAreMetricEnvelopesOfMetricsService_withStableIds() {
        process(log("old", "shop-a", NOW.minus(Duration.ofHours(6))));
        writer.write();
        Envelope dead = sent.stream()
                .map(SelfMetricsWriter.Keyed::envelope)
                .filter(e -> e.stream().equals(SelfMetricsWriter.DEAD_LETTERED))
                .findFirst()
                .orElseThrow();
        assertThat(dead.type()).isEqualTo(TelemetryType.METRIC);
        assertThat(dead.timestamp()).isEqualTo(NOW);
        JsonNode payload = dead.payload();
        assertThat(payload.get("name").asString()).isEqualTo(SelfMetricsWriter.DEAD_LETTERED);
        assertThat(payload.get("kind").asString()).isEqualTo("COUNTER");
        assertThat(payload.get("labels").get("instance").asString()).isEqualTo("pipeline-1");

        List<String> first = sent.stream().map(k -> k.envelope().id()).toList();
        sent.clear();
        writer.write();
        assertThat(sent.stream().map(k -> k.envelope().id()).toList())
                .as("the same figures at the same time are the same records: redelivery is de-duplicated")
                .isEqualTo(first);
    }

    @Test
    void write_consumerLagGoesToThePlatformOrg_andAFailedReadingKeepsTheCounters() {
        process(log("a", "shop-a", NOW));
        writer.write();
        assertThat(value("platform", SelfMetricsWriter.LAG, "topic", "shopwatch.logs.raw"))
                .isEqualTo(7.0);

        SelfMetricsWriter failingLag = new SelfMetricsWriter(
                stats,
                () -> {
                    throw new IllegalStateException("broker down");
                },
                sent::addAll,
                clock,
                "platform",
                "shopwatch-pipeline",
                "pipeline-1");
        sent.clear();
        failingLag.write();
        assertThat(value("shop-a", SelfMetricsWriter.STORED, "stream", "logs")).isEqualTo(1.0);
        assertThat(sent).noneMatch(k -> k.envelope().stream().equals(SelfMetricsWriter.LAG));
    }

    /** The samples of that org, metric and label written by the last writes. */
    private List<Double> values(String org, String metric, String label, String labelValue) {
        return sent.stream()
                .map(SelfMetricsWriter.Keyed::envelope)
                .filter(e -> e.org().equals(org) && e.stream().equals(metric))
                .map(Envelope::payload)
                .filter(p -> p.get("labels").get(label).asString().equals(labelValue))
                .map(p -> p.get("value").asDouble())
                .toList();
    }

    @Test
    void write_beforeAnyDeadLetter_writesTheDeadLetterCountersOfEveryStageAtZero() {
        writer.write();
        for (String stage : List.of("flatten", "timestamp", "timestamp_sanity", BatchProcessor.STORE_STAGE)) {
            assertThat(values("platform", SelfMetricsWriter.DEAD_LETTERED, "stage", stage))
                    .as(stage)
                    .containsExactly(0.0);
        }

        process(log("a", "shop-a", NOW));
        sent.clear();
        writer.write();
        assertThat(values("shop-a", SelfMetricsWriter.DEAD_LETTERED, "stage", "timestamp_sanity"))
                .as("an org whose records were only stored has its zero series too")
                .containsExactly(0.0);
        assertThat(values("shop-a", SelfMetricsWriter.DEAD_LETTERED, "stage", BatchProcessor.STORE_STAGE))
                .containsExactly(0.0);
    }

    @Test
    void write_thePlatformOrgsOwnDeadLetters_andItsZeroSeries_areOneSample() {
        process(log("old", "platform", NOW.minus(Duration.ofHours(6))));
        writer.write();
        assertThat(values("platform", SelfMetricsWriter.DEAD_LETTERED, "stage", "timestamp_sanity"))
                .containsExactly(1.0);
    }
}
