package io.shopwatch.pipeline.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.sampling.PublishedRates;
import io.shopwatch.common.sampling.RateFreshness;
import io.shopwatch.common.sampling.SamplingRules;
import io.shopwatch.pipeline.record.PipelineRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BudgetSamplerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PublishedRates rates = new PublishedRates();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BudgetSampler sampler = new BudgetSampler(rates, registry);

    private void publish(String org, String stream, double rate) {
        rates.accept(("{\"org\":\"" + org + "\",\"stream\":\"" + stream + "\",\"rate\":" + rate
                        + ",\"neverSampled\":false,\"targetPerSecond\":100.0}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static PipelineRecord record(String org, String stream, String id, Map<String, Object> document) {
        return record(TelemetryType.LOG, org, stream, id, document);
    }

    private static PipelineRecord record(
            TelemetryType type, String org, String stream, String id, Map<String, Object> document) {
        Envelope envelope = new Envelope(id, org, stream, type, Instant.now(), JSON.readTree("{}"));
        return new PipelineRecord(envelope, new PipelineRecord.Source("shopwatch.logs.raw", 0, 0), document);
    }

    private double sampledOut(String org, String stream) {
        var counter = registry.find("shopwatch.pipeline.records.sampled_out")
                .tags("org", org, "stream", stream, "reason", BudgetSampler.OVER_BUDGET)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void keep_withoutAPublishedRate_leavesEveryRecordUntouched() {
        publish("shop", "web", 0.1);
        PipelineRecord other = record("shop", "api", "a", Map.of("level", "INFO"));
        PipelineRecord otherOrg = record("elsewhere", "web", "a", Map.of("level", "INFO"));

        assertThat(sampler.keep(other)).isTrue();
        assertThat(sampler.keep(otherOrg)).isTrue();
        assertThat(other.document()).doesNotContainKey(SamplingRules.SAMPLE_RATE_FIELD);
        assertThat(otherOrg.document()).doesNotContainKey(SamplingRules.SAMPLE_RATE_FIELD);
    }

    @Test
    void keep_atARate_keepsThatShareByRecordId_stampsTheRate_andCountsTheRest() {
        publish("shop", "web", 0.25);
        List<PipelineRecord> kept = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            PipelineRecord record = record("shop", "web", "r-" + i, Map.of("level", "INFO"));
            if (sampler.keep(record)) {
                kept.add(record);
            }
            assertThat(sampler.keep(record("shop", "web", "r-" + i, Map.of("level", "INFO"))))
                    .as("the same id meets the same fate")
                    .isEqualTo(SamplingRules.keeps("r-" + i, 0.25));
        }
        assertThat(kept.size() / 4_000.0).isCloseTo(0.25, within(0.03));
        assertThat(kept).allSatisfy(r -> assertThat(r.document()).containsEntry("_sample_rate", 0.25));
        assertThat(sampledOut("shop", "web")).isEqualTo(2 * (4_000 - kept.size()));
        assertThat(sampler.sampledOut()).containsEntry("shop/web", 2L * (4_000 - kept.size()));
    }

    @Test
    void keep_decidesByTraceId_soATraceIsKeptOrDroppedWhole() {
        publish("shop", "spans", 0.3);
        for (int t = 0; t < 200; t++) {
            String trace = "trace-" + t;
            boolean expected = SamplingRules.keeps(trace, 0.3);
            for (int s = 0; s < 5; s++) {
                PipelineRecord span = record("shop", "spans", trace + "-span-" + s, Map.of("trace_id", trace));
                assertThat(sampler.keep(span)).isEqualTo(expected);
            }
        }
    }

    @Test
    void keep_leavesSpansTracingServiceAlreadySampled_asTheyAre() {
        publish("shop", "default", 0.001);
        int logsKept = 0;
        for (int t = 0; t < 100; t++) {
            Map<String, Object> decided = Map.of(
                    "trace_id",
                    "trace-" + t,
                    SamplingRules.TAIL_SAMPLING_RATE_FIELD,
                    0.05,
                    SamplingRules.TAIL_SAMPLING_REASON_FIELD,
                    "probabilistic");
            PipelineRecord span =
                    record(TelemetryType.SPAN, "shop", "default", "span-" + t, new java.util.HashMap<>(decided));
            assertThat(sampler.keep(span))
                    .as("decided whole, with the budget, by the tail sampler")
                    .isTrue();
            assertThat(span.document()).doesNotContainKey(SamplingRules.SAMPLE_RATE_FIELD);
            PipelineRecord log = record("shop", "default", "log-" + t, new java.util.HashMap<>(decided));
            logsKept += sampler.keep(log) ? 1 : 0;
        }
        assertThat(logsKept)
                .as("a log line with the same fields is sampled like any other")
                .isLessThan(100);
        assertThat(sampledOut("shop", "default")).isEqualTo(100 - logsKept);
    }

    @Test
    void keep_neverDropsErrors_andLeavesThemWithoutARate() {
        publish("shop", "web", 0.001);
        for (int i = 0; i < 100; i++) {
            PipelineRecord error = record("shop", "web", "e-" + i, Map.of("level", "ERROR"));
            PipelineRecord failedRequest = record("shop", "web", "s-" + i, Map.of("status", 502L));
            assertThat(sampler.keep(error)).isTrue();
            assertThat(sampler.keep(failedRequest)).isTrue();
            assertThat(error.document()).doesNotContainKey("_sample_rate");
        }
        assertThat(sampledOut("shop", "web")).isZero();
    }

    /** A clock the test moves. */
    private static final class VirtualClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    @Test
    void keep_withARateNotPublishedAgainWithinItsMaximumAge_storesTheStreamWhole() {
        VirtualClock clock = new VirtualClock();
        RateFreshness freshness = new RateFreshness(clock, Duration.ofMinutes(1));
        BudgetSampler expiring = new BudgetSampler(rates, freshness, registry);
        publish("shop", "web", 0.001);
        freshness.published("shop", "web", clock.instant());

        clock.advance(Duration.ofSeconds(50));
        assertThat(keptOf(expiring, "before")).isLessThan(50);

        // published again (performance-service repeats a rate below 1 every interval): it holds another minute
        freshness.published("shop", "web", clock.instant());
        clock.advance(Duration.ofSeconds(50));
        assertThat(keptOf(expiring, "again")).isLessThan(50);

        // not repeated (the stream went silent, or performance-service stopped): the rate expires
        clock.advance(Duration.ofSeconds(11));
        double droppedBefore = sampledOut("shop", "web");
        List<PipelineRecord> after = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            after.add(record("shop", "web", "expired-" + i, Map.of("level", "INFO")));
        }
        assertThat(after).allSatisfy(record -> assertThat(expiring.keep(record)).isTrue());
        assertThat(after).allSatisfy(record -> assertThat(record.document()).doesNotContainKey("_sample_rate"));
        assertThat(sampledOut("shop", "web")).isEqualTo(droppedBefore);
    }

    @Test
    void keep_withARateReadFromAnOldRecord_storesTheStreamWhole() {
        VirtualClock clock = new VirtualClock();
        RateFreshness freshness = new RateFreshness(clock, Duration.ofMinutes(1));
        BudgetSampler expiring = new BudgetSampler(rates, freshness, registry);
        publish("shop", "web", 0.001);
        // an instance starting reads the topic from the beginning: this rate was published an hour ago
        freshness.published("shop", "web", clock.instant().minus(Duration.ofHours(1)));
        assertThat(keptOf(expiring, "old")).isEqualTo(1_000);
    }

    private int keptOf(BudgetSampler sampler, String prefix) {
        int kept = 0;
        for (int i = 0; i < 1_000; i++) {
            if (sampler.keep(record("shop", "web", prefix + "-" + i, Map.of("level", "INFO")))) {
                kept++;
            }
        }
        return kept;
    }
}
