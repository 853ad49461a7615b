package io.shopwatch.performance.frontend;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the query frontend ({@code shopwatch.performance.*}). Where the store is and which credentials it takes
 * are common's {@code shopwatch.openobserve.*}.
 *
 * @param cacheEnabled serve repeated {@code _search} calls from the results cache
 * @param cacheMaxBytes the cache's bound: the sum of the cached answers' body sizes
 * @param freshness answers whose time range reaches into the newest span of this length are never cached
 * @param cacheTtl a cached answer is dropped this long after it was written, whatever else happens
 * @param maxConcurrentPerOrg store queries one org may have in flight at once; more get 429
 * @param retryAfter the {@code Retry-After} of a 429
 * @param slowestKept how many of the slowest queries each org's statistics keep
 * @param splitInterval histogram queries are cached in pieces of this length (rounded up to whole buckets), aligned to
 *     the histogram origin, so that a moving range reuses the pieces it shares with the previous one
 * @param freshTtl how long an answer whose range reaches into the freshness window may be reused for an identical read
 *     (the fresh-result cache); zero (the default) never reuses one, as OpenObserve does. A reused answer may miss
 *     records stored after it was computed, for at most this long (less when their {@code shopwatch.stored} event
 *     arrives first: it drops the answer)
 * @param combineMissing ask the parts of a split read that the cache does not hold (the new oldest piece, the newest
 *     piece and the fresh tail) as ONE store query over their whole span whose WHERE leaves out the cached ranges
 *     between them, instead of one query per part. Cheap where the store skips the left-out records by time (the
 *     embedded store's DuckDB does); OpenObserve selects the files to read by {@code start_time}/{@code end_time}, so
 *     in front of it the one query may read the whole span's file list and row-group statistics
 * @param edgeInterval a mergeable aggregate (a histogram of counts, sums, minimums or maximums, a top-N, a total) is
 *     cached in pieces of this length where a range cuts a split step, at its start and before the freshness window,
 *     so that a moving range asks the store only for the newest minutes and the minute its start cuts; whole seconds
 *     that divide the split interval; zero keeps whole split steps at the edges too
 */
@ConfigurationProperties("shopwatch.performance")
public record FrontendProperties(
        @DefaultValue("true") boolean cacheEnabled,
        @DefaultValue("268435456") long cacheMaxBytes,
        @DefaultValue("5m") Duration freshness,
        @DefaultValue("1h") Duration cacheTtl,
        @DefaultValue("16") int maxConcurrentPerOrg,
        @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("10") int slowestKept,
        @DefaultValue("1h") Duration splitInterval,
        @DefaultValue("0s") Duration freshTtl,
        @DefaultValue("true") boolean combineMissing,
        @DefaultValue("1m") Duration edgeInterval) {

    public FrontendProperties {
        if (cacheMaxBytes < 0) {
            throw new IllegalArgumentException("shopwatch.performance.cache-max-bytes must not be negative");
        }
        if (maxConcurrentPerOrg < 1) {
            throw new IllegalArgumentException("shopwatch.performance.max-concurrent-per-org must be at least 1");
        }
        if (splitInterval.isNegative() || splitInterval.isZero()) {
            throw new IllegalArgumentException("shopwatch.performance.split-interval must be positive");
        }
        if (freshTtl.isNegative()) {
            throw new IllegalArgumentException("shopwatch.performance.fresh-ttl must not be negative");
        }
        if (edgeInterval.isNegative()) {
            throw new IllegalArgumentException("shopwatch.performance.edge-interval must not be negative");
        }
        if (freshness.isNegative()) {
            throw new IllegalArgumentException("shopwatch.performance.freshness must not be negative");
        }
    }
}
