package io.shopwatch.logging.analytics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the analytics and the live tail, under {@code shopwatch.analytics}.
 *
 * @param maxRows rows an analytics query may return
 * @param maxFunnelRows events a funnel or abandonment query reads; past it the answer says {@code truncated}
 * @param defaultRange time range used when a request gives none
 * @param tailMaxSubscribers live-tail connections at once per instance
 * @param tailQueue events buffered per live-tail connection before it is closed as too slow
 * @param tailTimeout how long a live-tail connection stays open
 * @param tailEnabled whether the live tail reads the stored topic
 */
@ConfigurationProperties("shopwatch.analytics")
public record AnalyticsProperties(
        @DefaultValue("10000") int maxRows,
        @DefaultValue("200000") int maxFunnelRows,
        @DefaultValue("1h") Duration defaultRange,
        @DefaultValue("100") int tailMaxSubscribers,
        @DefaultValue("1000") int tailQueue,
        @DefaultValue("30m") Duration tailTimeout,
        @DefaultValue("true") boolean tailEnabled) {}
