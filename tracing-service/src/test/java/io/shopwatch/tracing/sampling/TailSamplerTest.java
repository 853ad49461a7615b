package io.shopwatch.tracing.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.tracing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TailSamplerTest {

    static final SamplingPolicy TEN_PERCENT = new SamplingPolicy(true, 2_000_000, Map.of(), Set.of(), 0.10, 0);

    final TestClock clock = new TestClock();
    final List<Map<String, Object>> kept = new ArrayList<>();
    final Random random = new Random(42);

    TailSampler sampler(SamplingPolicy policy, int maxOpen) {
        return new TailSampler(clock, Duration.ofSeconds(10), maxOpen, org -> policy, (org, rows) -> kept.addAll(rows));
    }

    String traceId() {
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    static Map<String, Object> span(String traceId, String spanId, String service, String status, long durationMicros) {
        long start = 1_700_000_000_000_000_000L;
        return Map.of(
                "trace_id", traceId,
                "span_id", spanId,
                "service_name", service,
                "span_status", status,
                "start_time", start,
                "end_time", start + durationMicros * 1000);
    }

    @Test
    void everyErrorTrace_isKept_withRateOne_evenOverTheRateLimit() {
        TailSampler sampler = sampler(new SamplingPolicy(true, 0, Map.of(), Set.of(), 0.0, 1), 100_000);
        Set<String> errorTraces = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String id = traceId();
            errorTraces.add(id);
            sampler.add("shop", List.of(span(id, "a", "checkout", "UNSET", 100)));
            sampler.add("shop", List.of(span(id, "b", "payment", "ERROR", 50)));
            sampler.add("shop", List.of(span(traceId(), "c", "catalog", "OK", 10)));
        }
        clock.advance(Duration.ofSeconds(10));
        sampler.tick();

        assertThat(sampler.openTraces()).isZero();
        assertThat(kept).hasSize(2_000);
        assertThat(kept).extracting(r -> (String) r.get("trace_id")).containsOnlyElementsOf(errorTraces);
        assertThat(kept).allSatisfy(r -> {
            assertThat(r).containsEntry("sampling_rate", 1.0).containsEntry("sampling_reason", "error");
        });
    }

    @Test
    void anIngestBudgetsRate_scalesTheProbabilisticShare_butNeverTheRules() {
        TailSampler sampler = new TailSampler(
                clock,
                Duration.ofSeconds(10),
                100_000,
                org -> TEN_PERCENT,
                org -> org.equals("shop") ? 0.5 : 1.0,
                (org, rows) -> kept.addAll(rows));
        Set<String> errorTraces = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            sampler.add("shop", List.of(span(traceId(), "a", "catalog", "OK", 1_000)));
        }
        for (int i = 0; i < 100; i++) {
            String id = traceId();
            errorTraces.add(id);
            sampler.add("shop", List.of(span(id, "e", "payment", "ERROR", 1_000)));
        }
        clock.advance(Duration.ofSeconds(10));
        sampler.tick();

        List<Map<String, Object>> probabilistic = kept.stream()
                .filter(r -> "probabilistic".equals(r.get("sampling_reason")))
                .toList();
        assertThat(probabilistic.size()).as("5 %% of 20,000").isBetween(800, 1_200);
        assertThat(probabilistic).allSatisfy(r -> assertThat(r).containsEntry("sampling_rate", 0.05));
        assertThat(kept)
                .filteredOn(r -> "error".equals(r.get("sampling_reason")))
                .extracting(r -> (String) r.get("trace_id"))
                .containsExactlyInAnyOrderElementsOf(errorTraces);
    }

    @Test
    void probabilisticShare_keepsTenPercentOfNormalTraces_withTheirRate() {
        TailSampler sampler = sampler(TEN_PERCENT, 100_000);
        for (int i = 0; i < 10_000; i++) {
            sampler.add("shop", List.of(span(traceId(), "a", "catalog", "OK", 1_000)));
        }
        clock.advance(Duration.ofSeconds(10));
        sampler.tick();

        assertThat(sampler.keptTraces()).isBetween(800L, 1_200L);
        assertThat(sampler.keptTraces() + sampler.droppedTraces()).isEqualTo(10_000);
        assertThat(kept).allSatisfy(r -> assertThat(r)
                .containsEntry("sampling_rate", 0.10)
                .containsEntry("sampling_reason", "probabilistic"));
    }

    @Test
    void slowTraces_andTracesTouchingAServiceOfThePolicy_areKept() {
        SamplingPolicy policy =
                new SamplingPolicy(true, 2_000_000, Map.of("search", 300_000L), Set.of("payment"), 0.0, 0);
        TailSampler sampler = sampler(policy, 1_000);
        String slow = traceId();
        String slowSearch = traceId();
        String payment = traceId();
        String normal = traceId();
        sampler.add("shop", List.of(span(slow, "a", "checkout", "OK", 2_500_000)));
        sampler.add("shop", List.of(span(slowSearch, "a", "search", "OK", 400_000)));
        sampler.add("shop", List.of(span(payment, "a", "payment", "OK", 10)));
        sampler.add("shop", List.of(span(normal, "a", "search", "OK", 10)));

        clock.advance(Duration.ofSeconds(9));
        sampler.tick();
        assertThat(kept).as("nothing decided before the decision wait").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        sampler.tick();

        assertThat(kept)
                .extracting(r -> (String) r.get("trace_id"))
                .containsExactlyInAnyOrder(slow, slowSearch, payment);
        // a late span of a kept trace follows the decision
        sampler.add("shop", List.of(span(payment, "late", "payment", "OK", 10)));
        assertThat(kept).hasSize(4);
        sampler.add("shop", List.of(span(normal, "late", "search", "OK", 10)));
        assertThat(kept).hasSize(4);
        assertThat(sampler.openTraces()).isZero();
    }

    @Test
    void rateLimit_capsKeptTracesPerOrgAndSecond() {
        TailSampler sampler = sampler(new SamplingPolicy(true, 0, Map.of(), Set.of(), 1.0, 5), 1_000);
        for (int i = 0; i < 50; i++) {
            sampler.add("shop", List.of(span(traceId(), "a", "catalog", "OK", 10)));
        }
        clock.advance(Duration.ofSeconds(10));
        sampler.tick();
        assertThat(sampler.keptTraces()).isEqualTo(5);
    }

    @Test
    void memory_isBoundedAt100000OpenTraces_theOldestDecidedEarly() {
        TailSampler sampler = sampler(new SamplingPolicy(true, 0, Map.of(), Set.of(), 0.0, 0), 100_000);
        int mostOpen = 0;
        for (int i = 0; i < 150_000; i++) {
            sampler.add("shop", List.of(span(traceId(), "a", "catalog", i % 1_000 == 0 ? "ERROR" : "OK", 10)));
            mostOpen = Math.max(mostOpen, sampler.openTraces());
        }
        assertThat(mostOpen).isEqualTo(100_000);
        assertThat(sampler.openTraces()).isEqualTo(100_000);
        assertThat(sampler.earlyDecisions()).isEqualTo(50_000);
        assertThat(sampler.keptTraces())
                .as("the error traces among the early decided")
                .isEqualTo(50);

        sampler.flush();
        assertThat(sampler.openTraces()).isZero();
        assertThat(sampler.keptTraces()).isEqualTo(150);
    }

    @Test
    void probabilistic_isDecidedFromTheTraceId_alike_everywhere() {
        String id = traceId();
        boolean first = TailSampler.probabilistic(id, 0.5);
        for (int i = 0; i < 10; i++) {
            assertThat(TailSampler.probabilistic(id, 0.5)).isEqualTo(first);
        }
        assertThat(TailSampler.probabilistic(id, 1.0)).isTrue();
        assertThat(TailSampler.probabilistic(id, 0.0)).isFalse();
    }
}
