package io.shopwatch.pipeline.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineStatsTest {

    @Test
    void duplicates_areCountedInPrometheus_underTheDocumentedName() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineStats stats = new PipelineStats(registry);

        stats.duplicates(3);
        stats.duplicates(2);

        assertThat(registry.scrape())
                .contains("shopwatch_pipeline_records_duplicates_total{source=\"dedup\"} 5.0")
                .contains("shopwatch_pipeline_records_stored ");
    }

    @Test
    void deadLetterStages_areCountedFromZero_beforeTheFirstDeadLetter() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineStats stats = new PipelineStats(registry);

        stats.deadLetterStages(List.of("decode", "timestamp_sanity"));

        assertThat(registry.scrape())
                .contains("shopwatch_pipeline_records_dead_lettered_total{stage=\"decode\"} 0.0")
                .contains("shopwatch_pipeline_records_dead_lettered_total{stage=\"timestamp_sanity\"} 0.0");
        assertThat(stats.deadLetteredPerStage())
                .containsExactlyInAnyOrder(
                        new PipelineStats.OrgCount(PipelineStats.UNKNOWN_ORG, "decode", 0),
                        new PipelineStats.OrgCount(PipelineStats.UNKNOWN_ORG, "timestamp_sanity", 0));

        stats.stored("shop-a", "logs", 2);
        stats.rejected("shop-a", "timestamp_sanity", "too old");

        assertThat(registry.scrape())
                .contains("shopwatch_pipeline_records_dead_lettered_total{stage=\"timestamp_sanity\"} 1.0");
        assertThat(stats.deadLetteredPerStage())
                .containsExactlyInAnyOrder(
                        new PipelineStats.OrgCount(PipelineStats.UNKNOWN_ORG, "decode", 0),
                        new PipelineStats.OrgCount(PipelineStats.UNKNOWN_ORG, "timestamp_sanity", 0),
                        new PipelineStats.OrgCount("shop-a", "decode", 0),
                        new PipelineStats.OrgCount("shop-a", "timestamp_sanity", 1));
    }
}
