package io.shopwatch.pipeline.selfmetrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the pipeline's own ingest figures, under {@code shopwatch.pipeline.self-metrics} (see application.yml).
 *
 * @param interval how often the figures are written to {@code shopwatch.metrics.raw}; zero switches the writing off
 * @param org org of the platform-wide figures (consumer lag) and of records whose org is unknown
 * @param instance this replica's {@code instance} label; empty: the host name
 * @param timeout how long Kafka may take to answer the lag reading and to acknowledge the samples
 */
@ConfigurationProperties("shopwatch.pipeline.self-metrics")
public record SelfMetricsProperties(Duration interval, String org, String instance, Duration timeout) {

    public SelfMetricsProperties {
        interval = interval == null ? Duration.ofSeconds(15) : interval;
        org = org == null || org.isBlank() ? "default" : org.trim();
        instance = instance == null ? "" : instance.trim();
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }
}
