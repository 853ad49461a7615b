package io.shopwatch.logging.analytics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the analytics and the live tail, under {@code shopwatch.analytics}.
 *
 * @param maxRows longest answer of an analytics query that returns rows: events of a session timeline (past it the
 *     answer says {@code truncated} and carries the limit) and points of an error-rate series (past it the request
 *     is refused with 400); counts (funnel, abandonment, top errors) are computed in the store and never capped
 * @param defaultRange time range used when a request gives none
 * @param tailMaxSubscribers live-tail connections at once per instance
 * @param tailQueue events buffered per live-tail connection before it is closed as too slow
 * @param tailTimeout how long a live-tail connection stays open
 * @param tailEnabled whether the live tail reads the stored topic
 */
@ConfigurationProperties("shopwatch.analytics")
public record AnalyticsProperties(
        @DefaultValue("10000") int maxRows,
        @DefaultValue("1h") Duration defaultRange,
        @DefaultValue("100") int tailMaxSubscribers,
        @DefaultValue("1000") int tailQueue,
        @DefaultValue("30m") Duration tailTimeout,
        @DefaultValue("true") boolean tailEnabled) {}
