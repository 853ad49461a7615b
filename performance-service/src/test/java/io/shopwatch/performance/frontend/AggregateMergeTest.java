package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.performance.cache.AggregateShape;
import io.shopwatch.performance.stats.QueryStats;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Aggregate queries (count, sum, min, max; ungrouped or grouped by keys) over ranges split into pieces are merged from
 * cached pieces, and every answer equals the store's own answer over the whole range on the same data.
 */
class AggregateMergeTest extends FrontendTestSupport {

    private static final List<String> SHAPES = List.of(
            "SELECT count(*) AS n FROM orders",
            "SELECT count(*) AS n, sum(amount) AS total, min(amount) AS lo, max(amount) AS hi FROM orders "
                    + "WHERE service <> 'c'",
            "SELECT service, count(*) AS n, sum(amount) AS total FROM orders GROUP BY service ORDER BY service",
            "SELECT service, level, count(amount) AS n, min(price) AS lo, max(price) AS hi FROM orders "
                    + "GROUP BY service, level ORDER BY level DESC, service",
            // a top-N by an aggregate: merged when no tie shows in the answer, sent whole otherwise
            "SELECT service, count(*) AS n, sum(amount) AS total FROM orders GROUP BY service ORDER BY total DESC "
                    + "LIMIT 2",
            // histograms of mergeable aggregates: the bucket is a group key, and a bucket cut by a piece is merged
            "SELECT histogram(_timestamp, '30 minute') AS k, count(*) AS n, max(amount) AS hi FROM orders "
                    + "WHERE level = 'error' GROUP BY k ORDER BY k DESC",
            "SELECT histogram(_timestamp, '10 minute') AS k, service, sum(amount) AS total FROM orders "
                    + "GROUP BY k, service ORDER BY k, service");

    private static final Pattern LEFT_OUT = Pattern.compile("_timestamp < (\\d+) OR _timestamp >= (\\d+)");

    private final Instant now = Instant.now();

    @Autowired
    QueryStats stats;

    /** The answer without run-dependent fields and the scan counters (see docs/performance.md, merge rules). */
    static JsonNode mergedComparable(byte[] body) {
        JsonNode node = comparable(body);
        if (node instanceof ObjectNode object) {
            object.remove("scan_records");
            object.remove("scan_size");
            object.remove("idx_scan_size");
        }
        return node;
    }

    private String orgWithFourHours() throws Exception {
        String org = unique("agg");
        proxy().watch(org);
        Random random = new Random(42);
        String[] services = {"a", "b", "c"};
        String[] levels = {"info", "error"};
        List<Map<String, Object>> records = new ArrayList<>();
        for (int minute = 1; minute <= 239; minute++) {
            records.add(Map.of(
                    "_timestamp",
                    micros(now.minusSeconds(minute * 60L)),
                    "amount",
                    random.nextInt(100),
                    "price",
                    random.nextInt(1000) / 10.0,
                    "service",
                    services[random.nextInt(services.length)],
                    "level",
                    levels[random.nextInt(levels.length)]));
        }
        ingest(org, "orders", records);
        return org;
    }

    @Test
    void aggregatesOverMovingAndFixedRanges_areMergedFromPieces_andEqualTheStore() throws Exception {
        String org = orgWithFourHours();
        for (String sql : SHAPES) {
            // a moving range: cold, then moved by seconds (new oldest piece and fresh tail only)
            long start = micros(now.minusSeconds(4 * 3600));
            proxy().watch(AggregateShape.PIECE_COLUMN);
            int before = proxy().count(org);
            int piecesBefore = proxy().count(AggregateShape.PIECE_COLUMN);
            String cold = searchBody(sql, start, micros(now));
            HttpResponse<byte[]> first = frontendSearch(org, cold);
            int coldQueries = proxy().count(org) - before;
            assertThat(proxy().count(AggregateShape.PIECE_COLUMN) - piecesBefore)
                    .as("the store was asked the pieces' query, " + sql)
                    .isEqualTo(coldQueries);
            assertThat(first.statusCode()).as(sql).isEqualTo(200);
            assertThat(mergedComparable(first.body()))
                    .as(sql)
                    .isEqualTo(mergedComparable(directSearch(org, cold).body()));
            assertThat(coldQueries)
                    .as("cold: one store query for pieces and tail, " + sql)
                    .isEqualTo(1);

            before = proxy().count(org);
            String moved = searchBody(sql, start + 7_000_000L, micros(now.plusSeconds(7)));
            HttpResponse<byte[]> second = frontendSearch(org, moved);
            int warmQueries = proxy().count(org) - before;
            assertThat(stats.snapshot(org).outcomes().get("partial"))
                    .as("the moved range reused cached pieces, " + sql)
                    .isPositive();
            assertThat(mergedComparable(second.body()))
                    .as(sql)
                    .isEqualTo(mergedComparable(directSearch(org, moved).body()));
            // new oldest piece and fresh tail: one store query leaving out the cached middle (two for a top-N whose
            // merged answer shows a tie: it is then sent whole)
            if (sql.contains("LIMIT")) {
                assertThat(warmQueries)
                        .as("moved: one query, or two for a tie, " + sql)
                        .isBetween(1, 2);
            } else {
                assertThat(warmQueries)
                        .as("moved: new oldest piece and fresh tail, " + sql)
                        .isEqualTo(1);
            }
            assertThat(proxy().last(AggregateShape.PIECE_COLUMN).requestBody())
                    .as(sql)
                    .contains("OR _timestamp >=");

            // a fixed range that ends before the freshness window: cold once, then a full hit
            String fixed = searchBody(sql, start + 1_234_567L, micros(now.minusSeconds(1800)));
            frontendSearch(org, fixed);
            before = proxy().count(org);
            HttpResponse<byte[]> hit = frontendSearch(org, fixed);
            assertThat(proxy().count(org) - before).as("full hit, " + sql).isZero();
            assertThat(mergedComparable(hit.body()))
                    .as(sql)
                    .isEqualTo(mergedComparable(directSearch(org, fixed).body()));
        }
    }

    @Test
    void movingRange_asksOnlyTheMinuteItsStartCutsAndTheNewestMinutes_onceItsEdgesAreCached() throws Exception {
        String org = orgWithFourHours();
        proxy().watch(AggregateShape.PIECE_COLUMN);
        for (String sql : List.of(SHAPES.get(2), SHAPES.get(5))) {
            long start = micros(now.minusSeconds(4 * 3600));
            long end = micros(now);
            for (int read = 0; read < 4; read++) {
                // a dashboard's "last 4 hours", refreshed every few seconds
                String body = searchBody(sql, start + read * 3_000_000L, end + read * 3_000_000L);
                int before = proxy().count(org);
                HttpResponse<byte[]> answer = frontendSearch(org, body);
                assertThat(proxy().count(org) - before)
                        .as(sql + ", read " + read)
                        .isEqualTo(1);
                assertThat(mergedComparable(answer.body()))
                        .as(sql + ", read " + read)
                        .isEqualTo(mergedComparable(directSearch(org, body).body()));
                String asked = proxy().last(AggregateShape.PIECE_COLUMN).requestBody();
                if (read == 0) {
                    // cold: whole steps, one query
                    assertThat(asked).as(sql).contains("'3600 second') AS " + AggregateShape.PIECE_COLUMN);
                } else {
                    // then in edge pieces: read 1 fills the edges' minutes (up to a step each), later reads ask the
                    // minute the start cuts, a minute that became old enough, and the fresh tail
                    assertThat(asked).as(sql).contains("'60 second') AS " + AggregateShape.PIECE_COLUMN);
                }
                if (read >= 2) {
                    long askedMicros = includedMicros(asked);
                    assertThat(askedMicros).as(sql + ", read " + read).isLessThanOrEqualTo(8 * 60_000_000L);
                }
            }
        }
    }

    @Test
    void histogramOfFractionalSums_isSplitAtBuckets_afterOneRefusedMerge_andNotTriedAgain() throws Exception {
        String org = orgWithFourHours();
        proxy().watch(AggregateShape.PIECE_COLUMN);
        String sql =
                "SELECT histogram(_timestamp, '10 minute') AS k, sum(price) AS p FROM orders GROUP BY k ORDER BY k";
        long start = micros(now.minusSeconds(4 * 3600));
        String cold = searchBody(sql, start, micros(now));
        int before = proxy().count(org);
        int piecesBefore = proxy().count(AggregateShape.PIECE_COLUMN);
        HttpResponse<byte[]> first = frontendSearch(org, cold);
        // the pieces' query (its sums of decimals do not merge exactly), then the split at bucket boundaries
        assertThat(proxy().count(AggregateShape.PIECE_COLUMN) - piecesBefore).isEqualTo(1);
        assertThat(proxy().count(org) - before).isEqualTo(2);
        assertThat(comparable(first.body()))
                .isEqualTo(comparable(directSearch(org, cold).body()));

        String moved = searchBody(sql, start + 7_000_000L, micros(now.plusSeconds(7)));
        before = proxy().count(org);
        piecesBefore = proxy().count(AggregateShape.PIECE_COLUMN);
        HttpResponse<byte[]> second = frontendSearch(org, moved);
        assertThat(proxy().count(AggregateShape.PIECE_COLUMN) - piecesBefore)
                .as("not tried as an aggregate again")
                .isZero();
        assertThat(proxy().count(org) - before)
                .as("the new first bucket and the fresh tail")
                .isEqualTo(1);
        assertThat(comparable(second.body()))
                .isEqualTo(comparable(directSearch(org, moved).body()));
    }

    /** The span of the pieces' store query less the ranges its WHERE leaves out. */
    private static long includedMicros(String requestBody) {
        JsonNode query = JSON.readTree(requestBody).path("query");
        long included =
                query.path("end_time").asLong() - query.path("start_time").asLong();
        Matcher leftOut = LEFT_OUT.matcher(query.path("sql").asString());
        while (leftOut.find()) {
            included -= Long.parseLong(leftOut.group(2)) - Long.parseLong(leftOut.group(1));
        }
        return included;
    }

    @Test
    void randomRanges_coldAndWarm_equalTheStore() throws Exception {
        String org = orgWithFourHours();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long earliest = micros(now.minusSeconds(4 * 3600 + 1800));
        long latest = micros(now.plusSeconds(60));
        for (int round = 0; round < 16; round++) {
            String sql = SHAPES.get(random.nextInt(SHAPES.size()));
            long start = earliest + (long) (random.nextDouble() * (latest - earliest - 60_000_000L));
            long end = start + 1 + (long) (random.nextDouble() * (latest - start));
            String body = searchBody(sql, start, end);
            String description = "seed " + seed + ", round " + round + ": " + sql + " [" + start + ", " + end + ")";
            JsonNode direct = mergedComparable(directSearch(org, body).body());
            assertThat(mergedComparable(frontendSearch(org, body).body()))
                    .as(description)
                    .isEqualTo(direct);
            assertThat(mergedComparable(frontendSearch(org, body).body()))
                    .as(description)
                    .isEqualTo(direct);
            // the same range moved: its cached middle is left out of one store query for both ends
            long shift = (long) (random.nextDouble() * 600_000_000L);
            String moved = searchBody(sql, start + shift, end + shift);
            assertThat(mergedComparable(frontendSearch(org, moved).body()))
                    .as(description + ", moved by " + shift)
                    .isEqualTo(mergedComparable(directSearch(org, moved).body()));
        }
    }

    @Test
    void lateRecordInACachedPiece_isCountedAtOnce() throws Exception {
        String org = orgWithFourHours();
        String sql = SHAPES.get(0);
        String fixed = searchBody(sql, micros(now.minusSeconds(4 * 3600)), micros(now.minusSeconds(1800)));
        frontendSearch(org, fixed);
        Instant late = now.minusSeconds(3 * 3600 + 17);
        ingest(
                org,
                "orders",
                List.of(Map.of(
                        "_timestamp", micros(late), "amount", 1, "price", 1.5, "service", "a", "level", "info")));
        announceStored(org, "orders", late);
        JsonNode direct = mergedComparable(directSearch(org, fixed).body());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> mergedComparable(frontendSearch(org, fixed).body()).equals(direct));
    }
}
