package io.shopwatch.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class QueryPlannerTest {

    private static byte[] body(String sql, long start, long end) {
        return ("{\"query\":{\"sql\":\"" + sql + "\",\"start_time\":" + start + ",\"end_time\":" + end
                        + ",\"size\":100}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void search_whitespaceAndKeywordCase_shareOneKey() {
        QueryPlan a =
                QueryPlanner.search("o", null, body("SELECT count(*) AS n FROM logs WHERE level = 'error'", 1, 2));
        QueryPlan b = QueryPlanner.search(
                "o", null, body("select   count(*)  as n\\n from logs\\twhere level='error'", 1, 2));
        assertThat(a.key()).isEqualTo(b.key());
        assertThat(a.cacheable()).isTrue();
        assertThat(a.streams()).containsExactly("logs");
    }

    @Test
    void search_fieldOrderAndTimeout_doNotMatter_butTheRangeDoes() {
        byte[] reordered = ("{\"timeout\":5,\"query\":{\"size\":100,\"end_time\":2,\"start_time\":1,"
                        + "\"sql\":\"SELECT * FROM logs\"}}")
                .getBytes(StandardCharsets.UTF_8);
        QueryPlan a = QueryPlanner.search("o", null, body("SELECT * FROM logs", 1, 2));
        assertThat(QueryPlanner.search("o", null, reordered).key()).isEqualTo(a.key());
        assertThat(QueryPlanner.search("o", null, body("SELECT * FROM logs", 1, 3))
                        .key())
                .isNotEqualTo(a.key());
        assertThat(QueryPlanner.search("p", null, body("SELECT * FROM logs", 1, 2))
                        .key())
                .isNotEqualTo(a.key());
        assertThat(QueryPlanner.search("o", "type=metrics", body("SELECT * FROM logs", 1, 2))
                        .key())
                .isNotEqualTo(a.key());
    }

    @Test
    void piece_hasTheKeyOfTheSameSearchOverItsRange() {
        String sql = "SELECT histogram(_timestamp, '30 minute') AS k, count(*) AS n FROM logs GROUP BY k ORDER BY k";
        QueryPlan day = QueryPlanner.search("o", "type=logs", body(sql, 1_000_000_000L, 87_400_000_000L));
        for (long[] range : new long[][] {{1_000_000_000L, 1_060_000_000L}, {5, 7_777_777_777_777_771L}, {-3, 0}}) {
            QueryPlan same = QueryPlanner.search("o", "type=logs", body(sql, range[0], range[1]));
            assertThat(QueryPlanner.piece(day, range[0], range[1]).plan().key()).isEqualTo(same.key());
            assertThat(QueryPlanner.aggregatePiece(day, range[0], range[1])
                            .plan()
                            .key())
                    .isEqualTo("aggregate-piece " + same.key());
        }
    }

    @Test
    void search_literalsKeepTheirCase() {
        QueryPlan a = QueryPlanner.search("o", null, body("SELECT * FROM logs WHERE msg = 'Error'", 1, 2));
        QueryPlan b = QueryPlanner.search("o", null, body("SELECT * FROM logs WHERE msg = 'error'", 1, 2));
        assertThat(a.key()).isNotEqualTo(b.key());
    }

    @Test
    void search_base64Sql_sharesTheKeyOfPlainSql() {
        String encoded = Base64.getEncoder().encodeToString("SELECT * FROM logs".getBytes(StandardCharsets.UTF_8));
        byte[] body = ("{\"encoding\":\"base64\",\"query\":{\"sql\":\"" + encoded
                        + "\",\"start_time\":1,\"end_time\":2,\"size\":100}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(QueryPlanner.search("o", null, body).key())
                .isEqualTo(QueryPlanner.search("o", null, body("SELECT * FROM logs", 1, 2))
                        .key());
    }

    @Test
    void search_clockFunctions_areNeverCacheable() {
        assertThat(QueryPlanner.search(
                                "o",
                                null,
                                body("SELECT * FROM logs WHERE _timestamp > now() - INTERVAL '1 hour'", 1, 2))
                        .cacheable())
                .isFalse();
        assertThat(QueryPlanner.search("o", null, body("SELECT random() FROM logs", 1, 2))
                        .cacheable())
                .isFalse();
    }

    @Test
    void search_unparsedOrNotASelect_isNotCacheable_butStillHasAKey() {
        QueryPlan garbage = QueryPlanner.search("o", null, body("SELEC nothing", 1, 2));
        assertThat(garbage.cacheable()).isFalse();
        assertThat(garbage.key()).isNotBlank();
        assertThat(QueryPlanner.search("o", null, body("DELETE FROM logs", 1, 2))
                        .cacheable())
                .isFalse();
        assertThat(QueryPlanner.search("o", null, "not json".getBytes(StandardCharsets.UTF_8))
                        .cacheable())
                .isFalse();
    }

    @Test
    void search_quotedAndQualifiedStreams_areFoundWithoutQuotes() {
        QueryPlan plan = QueryPlanner.search(
                "o", null, body("SELECT a.x FROM \\\"Orders\\\" a JOIN \\\"metrics\\\".cpu b ON a.x = b.x", 1, 2));
        assertThat(plan.streams()).containsExactlyInAnyOrder("orders", "cpu");
    }

    @Test
    void cacheSwitches_areNotPartOfTheKey_andBypass() {
        QueryPlan a = QueryPlanner.search("o", "type=logs&use_cache=false", body("SELECT * FROM logs", 1, 2));
        QueryPlan b = QueryPlanner.search("o", "type=logs", body("SELECT * FROM logs", 1, 2));
        assertThat(a.key()).isEqualTo(b.key());
        assertThat(QueryPlanner.bypassRequested("type=logs&use_cache=false")).isTrue();
        assertThat(QueryPlanner.bypassRequested("clear_cache=true")).isTrue();
        assertThat(QueryPlanner.bypassRequested("use_cache=true")).isFalse();
        assertThat(QueryPlanner.bypassRequested(null)).isFalse();
    }

    @Test
    void values_rangeAndStreamComeFromTheParameters() {
        QueryPlan plan = QueryPlanner.values("o", "Clicks", "fields=page&start_time=10&end_time=20&size=5");
        assertThat(plan.cacheable()).isTrue();
        assertThat(plan.streams()).containsExactly("clicks");
        assertThat(plan.startMicros()).isEqualTo(10);
        assertThat(plan.endMicros()).isEqualTo(20);
        assertThat(QueryPlanner.values("o", "clicks", "fields=page").cacheable())
                .isFalse();
    }
}
