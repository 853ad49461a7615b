package io.shopwatch.config.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.openobserve.StreamType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a release of stream-retention asks of the store, given the release before it. */
class StreamRetentionPlanTest {

    @Test
    void plan_firstRelease_setsEveryNamedStream() {
        assertThat(StreamRetention.plan(Map.of(), Map.of("retention.logs.orders", 7, "retention.traces.default", "30")))
                .containsExactly(
                        Map.entry("retention.logs.orders", new StreamRetention(StreamType.LOGS, "orders", 7)),
                        Map.entry("retention.traces.default", new StreamRetention(StreamType.TRACES, "default", 30)));
    }

    @Test
    void plan_keyDropped_handsTheStreamBackToTheGlobalRetention() {
        assertThat(StreamRetention.plan(
                        Map.of("retention.logs.orders", 7, "retention.metrics.cpu", 90),
                        Map.of("retention.metrics.cpu", 30)))
                .containsExactly(
                        Map.entry("retention.logs.orders", new StreamRetention(StreamType.LOGS, "orders", 0)),
                        Map.entry("retention.metrics.cpu", new StreamRetention(StreamType.METRICS, "cpu", 30)));
    }

    @Test
    void plan_keysAndValuesThatNameNoRetention_areLeftOut() {
        assertThat(StreamRetention.plan(
                        Map.of("retention.logs.gone", 3, "other.key", 1),
                        Map.of(
                                "retention.logs.zero", 0,
                                "retention.logs.fraction", 1.5,
                                "retention.logs.words", "a week",
                                "retention.audit.orders", 3,
                                "retention.logs.bad-name", 3,
                                "unrelated", 5)))
                .containsOnlyKeys("retention.logs.gone");
    }
}
