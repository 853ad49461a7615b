package io.shopwatch.pipeline.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
}
