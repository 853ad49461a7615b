package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Late records and stream deletions never leave a stale answer in the cache. */
class InvalidationTest extends FrontendTestSupport {

    private final Instant now = Instant.now();
    private final long start = micros(now.minusSeconds(3 * 3600));
    private final long end = micros(now.minusSeconds(3600));

    private String warmCache(String sql) throws Exception {
        String org = unique("late");
        proxy().watch(org);
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(now.minusSeconds(7200)), "amount", 5)));
        assertThat(text(frontendSearch(org, searchBody(sql, start, end)))).contains("\"n\":1");
        assertThat(text(frontendSearch(org, searchBody(sql, start, end)))).contains("\"n\":1");
        assertThat(proxy().count(org)).isEqualTo(1);
        return org;
    }

    @Test
    void lateRecordInsideACachedRange_isVisibleAtOnce() throws Exception {
        String sql = "SELECT count(*) AS n FROM orders";
        String org = warmCache(sql);
        Instant late = now.minusSeconds(5400);
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(late), "amount", 6)));
        announceStored(org, "orders", late);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(text(frontendSearch(org, searchBody(sql, start, end))))
                        .contains("\"n\":2"));
        // a count is merged from pieces: its scan counters are the pieces' sums (docs/performance.md)
        assertThat(AggregateMergeTest.mergedComparable(
                        frontendSearch(org, searchBody(sql, start, end)).body()))
                .isEqualTo(AggregateMergeTest.mergedComparable(
                        directSearch(org, searchBody(sql, start, end)).body()));
    }

    @Test
    void recordOutsideTheCachedRange_keepsTheAnswer() throws Exception {
        String sql = "SELECT count(*) AS n FROM orders";
        String org = warmCache(sql);
        long seen = feed.recordsSeen();
        announceStored(org, "orders", now.minusSeconds(60)); // after the range's end
        await().atMost(Duration.ofSeconds(30)).until(() -> feed.recordsSeen() > seen);

        frontendSearch(org, searchBody(sql, start, end));
        assertThat(proxy().count(org)).isEqualTo(1);
    }

    @Test
    void deletingTheStreamThroughTheFrontend_dropsItsAnswers() throws Exception {
        String sql = "SELECT count(*) AS n FROM orders";
        String org = warmCache(sql);
        assertThat(send(frontend("/api/" + org + "/streams/orders"), "DELETE", null)
                        .statusCode())
                .isEqualTo(200);

        frontendSearch(org, searchBody(sql, start, end));
        assertThat(proxy().count(org)).isEqualTo(3); // the search, the deletion, the search again
    }
}
