package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.performance.cache.AggregateShape;
import io.shopwatch.performance.cache.CaffeineResultCache;
import io.shopwatch.performance.cache.HistogramShape;
import io.shopwatch.performance.cache.QueryPlanner;
import io.shopwatch.performance.stats.QueryStats;
import io.shopwatch.performance.store.StoreAnswer;
import io.shopwatch.performance.store.StoreForwarder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Histogram queries are cached in aligned pieces, so a moving range asks the store only for what is new. (Histograms of
 * counts, sums, minimums and maximums are merged as aggregates first: {@link AggregateMergeTest}; these shapes have an
 * avg, which only the split at bucket boundaries keeps exact.)
 */
class HistogramSplitTest extends FrontendTestSupport {

    private static final String ASC =
            "SELECT histogram(_timestamp, '10 minute') AS k, count(*) AS n, avg(amount) AS total FROM orders "
                    + "GROUP BY k ORDER BY k";
    private static final String DESC =
            "SELECT histogram(_timestamp, '10 minute') AS k, avg(amount) AS a FROM orders GROUP BY k ORDER BY k DESC";

    private final Instant now = Instant.now();

    private String orgWithThreeHours() throws Exception {
        String org = unique("split");
        proxy().watch(org);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int minute = 1; minute <= 180; minute++) {
            records.add(Map.of("_timestamp", micros(now.minusSeconds(minute * 60L)), "amount", minute % 17));
        }
        ingest(org, "orders", records);
        return org;
    }

    @Test
    void movingRange_reusesItsCachedPieces_andEqualsTheStore() throws Exception {
        String org = orgWithThreeHours();
        for (String sql : List.of(ASC, DESC)) {
            int before = proxy().count(org);
            String cold = searchBody(sql, micros(now.minusSeconds(3 * 3600)), micros(now));
            HttpResponse<byte[]> first = frontendSearch(org, cold);
            int coldQueries = proxy().count(org) - before;
            assertThat(comparable(first.body()))
                    .isEqualTo(comparable(directSearch(org, cold).body()));

            before = proxy().count(org);
            String moved = searchBody(sql, micros(now.minusSeconds(3 * 3600 - 7)), micros(now.plusSeconds(7)));
            HttpResponse<byte[]> second = frontendSearch(org, moved);
            int warmQueries = proxy().count(org) - before;

            assertThat(comparable(second.body()))
                    .isEqualTo(comparable(directSearch(org, moved).body()));
            // the cold range (pieces and fresh tail, all missing) is one query, the same as the caller's
            assertThat(coldQueries).isEqualTo(1);
            // the new oldest piece, and the fresh tail with the newest piece if a bucket boundary passed meanwhile: one
            // store query that leaves out the cached middle
            assertThat(warmQueries).isEqualTo(1);
            assertThat(proxy().last(org).requestBody()).contains("OR _timestamp >=");
        }
    }

    @Test
    void movedRange_withFiltersAndACachedGapInTheMiddle_isOneStoreQuery_andEqualsTheStore() throws Exception {
        String org = orgWithThreeHours();
        List<String> shapes = List.of(
                ASC,
                DESC,
                // a filter with an OR of its own: the left-out ranges must not loosen it
                "SELECT histogram(_timestamp, '10 minute') AS k, count(*) AS n, max(amount) AS hi FROM orders "
                        + "WHERE amount < 3 OR amount > 12 GROUP BY k ORDER BY k DESC",
                "SELECT histogram(_timestamp, '30 minute') AS k, avg(amount) AS a FROM orders WHERE amount > 2 "
                        + "GROUP BY k ORDER BY k");
        long start = micros(now.minusSeconds(3 * 3600));
        for (String sql : shapes) {
            frontendSearch(org, searchBody(sql, start, micros(now)));
        }
        String probe = searchBody(
                "SELECT histogram(_timestamp, '10 minute') AS k, max(amount) AS hi FROM orders GROUP BY k ORDER BY k",
                start,
                micros(now.minusSeconds(1200)));
        frontendSearch(org, probe);
        // a late record drops one piece in the middle of every cached range
        Instant late = now.minusSeconds(2 * 3600 + 30);
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(late), "amount", 1000)));
        announceStored(org, "orders", late);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(text(frontendSearch(org, probe)))
                .contains("1000"));
        for (String sql : shapes) {
            // moved by seconds: new oldest piece, the dropped piece, newest piece and fresh tail in one query
            String moved = searchBody(sql, start + 7_000_000L, micros(now.plusSeconds(7)));
            int before = proxy().count(org);
            HttpResponse<byte[]> answer = frontendSearch(org, moved);
            assertThat(proxy().count(org) - before).as(sql).isEqualTo(1);
            // a histogram of mergeable aggregates is merged as an aggregate: its scan counters are the pieces' sum
            Function<byte[], JsonNode> same = AggregateShape.of(sql).isPresent()
                    ? AggregateMergeTest::mergedComparable
                    : FrontendTestSupport::comparable;
            assertThat(same.apply(answer.body()))
                    .as(sql)
                    .isEqualTo(same.apply(directSearch(org, moved).body()));
            // and the pieces it filled are used by the next read
            before = proxy().count(org);
            HttpResponse<byte[]> again = frontendSearch(org, moved);
            assertThat(proxy().count(org) - before).as(sql).isEqualTo(1); // the fresh tail
            assertThat(same.apply(again.body()))
                    .as(sql)
                    .isEqualTo(same.apply(directSearch(org, moved).body()));
        }
    }

    @Test
    void movedRange_withoutCombining_asksItsNewOldestPieceAndItsFreshTail_atTheSameTime() throws Exception {
        QueryFrontend separate = new QueryFrontend(
                new StoreForwarder(proxy().url(), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                new CaffeineResultCache(1 << 24, Duration.ofHours(1), System::nanoTime),
                new CaffeineResultCache(1 << 20, Duration.ofMillis(1), System::nanoTime),
                new OrgConcurrencyLimiter(4, Duration.ofSeconds(1)),
                new QueryStats(new SimpleMeterRegistry(), 10, Clock.systemUTC()),
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
                        Duration.ZERO,
                        false,
                        Duration.ofMinutes(1)),
                Clock.systemUTC(),
                () -> true);
        String org = orgWithThreeHours();
        read(separate, org, searchBody(ASC, micros(now.minusSeconds(3 * 3600)), micros(now)));

        // both missing spans must reach the store while it holds the first: asked one after the other, they never would
        String moved = searchBody(ASC, micros(now.minusSeconds(3 * 3600 - 7)), micros(now.plusSeconds(7)));
        int before = proxy().count(org);
        proxy().hold(org);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<StoreAnswer> answer = caller.submit(() -> read(separate, org, moved));
            await().atMost(Duration.ofSeconds(30)).until(() -> proxy().count(org) - before == 2);
            proxy().release(org);
            assertThat(comparable(answer.get().body()))
                    .isEqualTo(comparable(directSearch(org, moved).body()));
            assertThat(proxy().last(org).requestBody()).doesNotContain("OR _timestamp >=");
        } finally {
            proxy().release(org);
            caller.shutdownNow();
        }
    }

    private static StoreAnswer read(QueryFrontend frontend, String org, String body) {
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

    @Test
    void oldRangeEndingInsideTheBucketThatHoldsTheFreshnessWindow_isCachedToItsEnd() throws Exception {
        // one-hour buckets; the range ends before the freshness window but inside the bucket that holds its start
        long freshFrom = micros(now.minusSeconds(300));
        long hour = 3_600_000_000L;
        long lastBoundary = HistogramShape.alignDown(freshFrom, hour);
        Assumptions.assumeTrue(freshFrom - lastBoundary >= 2, "not exactly on an hour");
        long end = lastBoundary + (freshFrom - lastBoundary) / 2;
        String org = orgWithThreeHours();
        String sql = "SELECT histogram(_timestamp, '1 hour') AS k, count(*) AS n FROM orders GROUP BY k ORDER BY k";
        String body = searchBody(sql, micros(now.minusSeconds(3 * 3600)), end);
        frontendSearch(org, body);
        int before = proxy().count(org);
        HttpResponse<byte[]> warm = frontendSearch(org, body);
        assertThat(proxy().count(org)).isEqualTo(before);
        assertThat(comparable(warm.body()))
                .isEqualTo(comparable(directSearch(org, body).body()));
    }

    @Test
    void coldRangeOfManyPieces_reachesTheStoreOnce_andFillsEveryPiece() throws Exception {
        String org = orgWithThreeHours();
        for (String sql : List.of(ASC, DESC)) {
            // three hours ago to one hour ago: two or three one-hour pieces, no fresh tail
            String body = searchBody(sql, micros(now.minusSeconds(3 * 3600)), micros(now.minusSeconds(3600)));
            int before = proxy().count(org);
            HttpResponse<byte[]> cold = frontendSearch(org, body);
            assertThat(proxy().count(org) - before).isEqualTo(1);
            assertThat(comparable(cold.body()))
                    .isEqualTo(comparable(directSearch(org, body).body()));

            // every piece was cut from that one answer and cached: a range over the same pieces asks nothing more
            before = proxy().count(org);
            HttpResponse<byte[]> warm = frontendSearch(
                    org,
                    searchBody(
                            sql.replace(" FROM ", "\n  from "),
                            micros(now.minusSeconds(3 * 3600)),
                            micros(now.minusSeconds(3600))));
            assertThat(proxy().count(org)).isEqualTo(before);
            assertThat(comparable(warm.body()))
                    .isEqualTo(comparable(directSearch(org, body).body()));
        }
    }

    @Test
    void pieceMissingInTheMiddle_isAskedAlone_andTheRestComesFromTheCache() throws Exception {
        String org = orgWithThreeHours();
        long start = micros(now.minusSeconds(3 * 3600));
        long end = micros(now.minusSeconds(1200)); // well before the freshness window: no fresh tail
        String body = searchBody(ASC, start, end);
        frontendSearch(org, body);

        // a late record in the middle drops one piece; the next read asks for that piece only
        Instant late = now.minusSeconds(2 * 3600 + 30);
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(late), "amount", 1000)));
        announceStored(org, "orders", late);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            int before = proxy().count(org);
            HttpResponse<byte[]> answer = frontendSearch(org, body);
            assertThat(text(answer)).contains("1000");
            assertThat(proxy().count(org) - before).isEqualTo(1);
        });
        int before = proxy().count(org);
        assertThat(comparable(frontendSearch(org, body).body()))
                .isEqualTo(comparable(directSearch(org, body).body()));
        assertThat(proxy().count(org)).isEqualTo(before);
    }

    @Test
    void oldRange_isAnsweredFromPiecesAlone_andALateRecordReachesIt() throws Exception {
        String org = orgWithThreeHours();
        String body = searchBody(ASC, micros(now.minusSeconds(3 * 3600)), micros(now.minusSeconds(3600)));
        frontendSearch(org, body);
        int before = proxy().count(org);
        HttpResponse<byte[]> warm = frontendSearch(org, body);
        assertThat(proxy().count(org)).isEqualTo(before);
        assertThat(comparable(warm.body()))
                .isEqualTo(comparable(directSearch(org, body).body()));

        Instant late = now.minusSeconds(2 * 3600 + 30);
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(late), "amount", 1000)));
        announceStored(org, "orders", late);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(text(frontendSearch(org, body))).contains("1000"));
        assertThat(comparable(frontendSearch(org, body).body()))
                .isEqualTo(comparable(directSearch(org, body).body()));
    }
}
