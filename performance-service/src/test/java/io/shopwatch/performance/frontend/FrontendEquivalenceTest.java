package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.performance.cache.AggregateShape;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The property the cache must never break: over random time ranges and query shapes, the frontend's answer, cold and
 * warm, equals the store's own answer on the same data ({@code took} aside).
 */
class FrontendEquivalenceTest extends FrontendTestSupport {

    private static final List<String> SHAPES = List.of(
            "SELECT count(*) AS n FROM s",
            "SELECT count(*) AS n FROM s WHERE level = 'error'",
            "SELECT sum(amount) AS total, min(amount) AS lo, max(amount) AS hi FROM s",
            "SELECT avg(amount) AS a FROM s WHERE service = 'b'",
            "SELECT histogram(_timestamp, '10 minute') AS k, count(*) AS n FROM s GROUP BY k ORDER BY k",
            "SELECT service, count(*) AS n, sum(amount) AS total FROM s GROUP BY service ORDER BY service",
            "SELECT service, count(*) AS n FROM s GROUP BY service ORDER BY n DESC LIMIT 2",
            "SELECT _timestamp, amount FROM s ORDER BY amount DESC, _timestamp DESC LIMIT 5",
            "SELECT * FROM s WHERE amount > 50",
            "SELECT count(DISTINCT service) AS d FROM s WHERE level <> 'info'",
            "SELECT histogram(_timestamp, '15 minute') AS k, avg(amount) AS a, count(DISTINCT service) AS d FROM s "
                    + "WHERE level <> 'info' GROUP BY k ORDER BY k DESC",
            "SELECT histogram(_timestamp, '1 minute') AS k, max(amount) AS hi FROM s GROUP BY k ORDER BY k",
            "SELECT histogram(_timestamp, '5 minute') AS k, count(*) AS n FROM s WHERE level = 'error' OR amount > 90 "
                    + "GROUP BY k ORDER BY k DESC",
            "SELECT service, min(amount) AS lo, max(amount) AS hi FROM s WHERE level = 'warn' OR amount < 10 "
                    + "GROUP BY service ORDER BY service DESC");

    @Test
    void frontendColdAndWarm_equalsTheStore_overRandomRangesAndShapes() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String org = unique("prop");
        Instant now = Instant.now();
        List<Map<String, Object>> records = new ArrayList<>();
        String[] levels = {"info", "warn", "error"};
        String[] services = {"a", "b", "c"};
        for (int i = 0; i < 400; i++) {
            Map<String, Object> record = new HashMap<>();
            // distinct timestamps over the last four hours, so that every ORDER BY is total
            record.put("_timestamp", micros(now.minusSeconds(4 * 3600)) + i * 36_000_000L + random.nextInt(1_000_000));
            record.put("level", levels[random.nextInt(levels.length)]);
            record.put("service", services[random.nextInt(services.length)]);
            record.put("amount", random.nextInt(100));
            records.add(record);
        }
        ingest(org, "s", records);

        long earliest = micros(now.minusSeconds(4 * 3600 + 1800));
        long latest = micros(now.plusSeconds(60));
        for (int round = 0; round < 40; round++) {
            String sql = SHAPES.get(random.nextInt(SHAPES.size()));
            long start = earliest + (long) (random.nextDouble() * (latest - earliest - 60_000_000L));
            long end = start + 1 + (long) (random.nextDouble() * (latest - start));
            String body = searchBody(sql, start, end);
            String description = "seed " + seed + ", round " + round + ": " + sql + " [" + start + ", " + end + ")";

            HttpResponse<byte[]> direct = directSearch(org, body);
            HttpResponse<byte[]> cold = frontendSearch(org, body);
            HttpResponse<byte[]> warm = frontendSearch(org, searchBody(sql.replace(" FROM ", "\n  from "), start, end));

            assertThat(cold.statusCode()).as(description).isEqualTo(direct.statusCode());
            assertThat(warm.statusCode()).as(description).isEqualTo(direct.statusCode());
            // answers merged from aggregate pieces carry the pieces' summed scan counters (docs/performance.md)
            java.util.function.Function<byte[], JsonNode> same =
                    AggregateShape.of(sql).isPresent()
                            ? AggregateMergeTest::mergedComparable
                            : FrontendTestSupport::comparable;
            assertThat(same.apply(cold.body())).as(description).isEqualTo(same.apply(direct.body()));
            assertThat(same.apply(warm.body())).as(description).isEqualTo(same.apply(direct.body()));

            // the range moved by up to 20 minutes: cached pieces in the middle, both ends asked (in one store query)
            long shift = (long) ((random.nextDouble() - 0.3) * 1_200_000_000L);
            String moved = searchBody(sql, start + shift, end + shift);
            HttpResponse<byte[]> movedDirect = directSearch(org, moved);
            HttpResponse<byte[]> movedFrontend = frontendSearch(org, moved);
            assertThat(movedFrontend.statusCode()).as(description + ", moved").isEqualTo(movedDirect.statusCode());
            assertThat(same.apply(movedFrontend.body()))
                    .as(description + ", moved by " + shift)
                    .isEqualTo(same.apply(movedDirect.body()));
        }
    }
}
