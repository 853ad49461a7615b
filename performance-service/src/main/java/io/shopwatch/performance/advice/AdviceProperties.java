package io.shopwatch.performance.advice;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Thresholds of the tuning advice ({@code shopwatch.performance.advice.*}).
 *
 * @param minObservation a stream is called unread only after the service has watched this long
 * @param topQueries how many of the queries that scan the most are listed
 * @param minSearches substring searches of a field before a full-text index is advised
 * @param minReads reads of a stream before its look-back is reported
 * @param partitionMaxValues most distinct stored values of an equality-filtered field advised as a partition key (more:
 *     an index field)
 */
@ConfigurationProperties("shopwatch.performance.advice")
public record AdviceProperties(
        @DefaultValue("1h") Duration minObservation,
        @DefaultValue("5") int topQueries,
        @DefaultValue("3") int minSearches,
        @DefaultValue("10") int minReads,
        @DefaultValue("100") int partitionMaxValues) {}
