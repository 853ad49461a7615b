package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.performance.cache.CaffeineResultCache;
import io.shopwatch.performance.cache.QueryPlanner;
import io.shopwatch.performance.cache.ResultCache;
import io.shopwatch.performance.invalidation.CacheInvalidator;
import io.shopwatch.performance.stats.QueryStats;
import io.shopwatch.performance.store.StoreAnswer;
import io.shopwatch.performance.store.StoreForwarder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The fresh-result cache ({@code fresh-ttl}): identical reads whose range reaches into the freshness window share one
 * store answer for at most the TTL, and a stored record inside the range drops it at once. The frontend is built here
 * with a fake ticker, in front of the same store and counting proxy as the other tests.
 */
class FreshResultCacheTest extends FrontendTestSupport {

    private static final Duration TTL = Duration.ofSeconds(5);

    private final Instant now = Instant.now();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicBoolean feedLive = new AtomicBoolean(true);
    private final ResultCache freshCache = new CaffeineResultCache(1 << 24, TTL, nanos::get);
    private final QueryStats stats = new QueryStats(new SimpleMeterRegistry(), 10, Clock.systemUTC());
    private final QueryFrontend frontend = new QueryFrontend(
            new StoreForwarder(proxy().url(), Duration.ofSeconds(5), Duration.ofSeconds(30)),
            new CaffeineResultCache(1 << 24, Duration.ofHours(1), nanos::get),
            freshCache,
            new OrgConcurrencyLimiter(4, Duration.ofSeconds(1)),
            stats,
            BASIC,
            new FrontendProperties(
                    true,
                    1 << 24,
                    Duration.ofMinutes(5),
                    Duration.ofHours(1),
                    4,
                    Duration.ofSeconds(1),
                    10,
                    Duration.ofHours(1),
                    TTL,
                    true,
                    Duration.ofMinutes(1)),
            Clock.systemUTC(),
            feedLive::get);

    private String orgWithRecentRecord() throws Exception {
        String org = unique("fresh");
        proxy().watch(org);
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(now.minusSeconds(30)), "amount", 3)));
        return org;
    }

    private StoreAnswer search(String org, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return frontend.read(new QueryFrontend.Read(
                "POST",
                org,
                "/api/" + org + "/_search",
                BASIC,
                "application/json",
                bytes,
                QueryPlanner.search(org, null, bytes),
                false));
    }

    private static String text(StoreAnswer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Test
    void identicalReadEndingNow_reachesTheStoreOnce_untilTheTtlPasses() throws Exception {
        String org = orgWithRecentRecord();
        String body = searchBody("SELECT count(*) AS n FROM orders", micros(now.minusSeconds(600)), micros(now));

        StoreAnswer first = search(org, body);
        StoreAnswer second = search(org, body);
        assertThat(text(first)).contains("\"n\":1");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(proxy().count(org)).isEqualTo(1);
        assertThat(stats.snapshot(org).outcomes()).containsEntry("fresh_hit", 1L);

        nanos.addAndGet(TTL.toNanos() + 1);
        search(org, body);
        assertThat(proxy().count(org)).isEqualTo(2);
    }

    @Test
    void recordStoredInsideTheRange_dropsTheFreshAnswer() throws Exception {
        String org = orgWithRecentRecord();
        String body = searchBody("SELECT count(*) AS n FROM orders", micros(now.minusSeconds(600)), micros(now));
        search(org, body);

        Instant arrived = now.minusSeconds(5);
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(arrived), "amount", 4)));
        new CacheInvalidator(freshCache)
                .stored(new Envelope("id-1", org, "orders", TelemetryType.LOG, arrived, JSON.createObjectNode()), 100);

        assertThat(text(search(org, body))).contains("\"n\":2");
        assertThat(proxy().count(org)).isEqualTo(2);
    }

    @Test
    void recordStoredAfterTheRange_keepsTheFreshAnswer() throws Exception {
        String org = orgWithRecentRecord();
        String body = searchBody("SELECT count(*) AS n FROM orders", micros(now.minusSeconds(600)), micros(now));
        search(org, body);
        freshCache.recordStored(org, "orders", micros(now.plusSeconds(1)));
        search(org, body);
        assertThat(proxy().count(org)).isEqualTo(1);
    }

    @Test
    void histogramEndingNow_isReusedWhole_andEqualsTheStore() throws Exception {
        String org = orgWithRecentRecord();
        String body = searchBody(
                "SELECT histogram(_timestamp, '10 minute') AS k, count(*) AS n FROM orders GROUP BY k ORDER BY k",
                micros(now.minusSeconds(3 * 3600)),
                micros(now));
        StoreAnswer cold = search(org, body);
        int asked = proxy().count(org);
        StoreAnswer warm = search(org, body);
        assertThat(proxy().count(org)).isEqualTo(asked);
        assertThat(warm.body()).isEqualTo(cold.body());
        assertThat(comparable(warm.body()))
                .isEqualTo(comparable(directSearch(org, body).body()));
    }

    @Test
    void withoutTheFeed_nothingIsReused() throws Exception {
        feedLive.set(false);
        String org = orgWithRecentRecord();
        String body = searchBody("SELECT count(*) AS n FROM orders", micros(now.minusSeconds(600)), micros(now));
        search(org, body);
        search(org, body);
        assertThat(proxy().count(org)).isEqualTo(2);
    }

    @Test
    void rangeBeforeTheFreshnessWindow_staysInTheResultsCache_notTheFreshOne() throws Exception {
        String org = orgWithRecentRecord();
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(now.minusSeconds(3600)), "amount", 1)));
        String body = searchBody(
                "SELECT count(*) AS n FROM orders", micros(now.minusSeconds(7200)), micros(now.minusSeconds(1800)));
        search(org, body);
        search(org, body);
        assertThat(proxy().count(org)).isEqualTo(1);
        assertThat(freshCache.size()).isZero();
        assertThat(stats.snapshot(org).outcomes()).containsEntry("hit", 1L);
    }
}
