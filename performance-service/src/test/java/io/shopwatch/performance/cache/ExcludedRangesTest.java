package io.shopwatch.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExcludedRangesTest {

    private static final List<long[]> ONE = List.<long[]>of(new long[] {100, 200});

    @Test
    void sql_withoutWhere_getsTheRangesAsItsWhere_beforeGroupAndOrder() {
        assertThat(ExcludedRanges.sql(
                        "SELECT histogram(_timestamp, '10 minute') AS k, count(*) AS n FROM s GROUP BY k ORDER BY k",
                        ONE))
                .contains("SELECT histogram(_timestamp, '10 minute') AS k, count(*) AS n FROM s "
                        + "WHERE (_timestamp < 100 OR _timestamp >= 200) GROUP BY k ORDER BY k");
    }

    @Test
    void sql_withAnOrInItsWhere_keepsItsWhereWhole() {
        assertThat(ExcludedRanges.sql(
                        "SELECT count(*) AS n FROM s WHERE level = 'error' OR amount > 5",
                        List.of(new long[] {100, 200}, new long[] {300, 400})))
                .contains("SELECT count(*) AS n FROM s WHERE (level = 'error' OR amount > 5) AND "
                        + "(_timestamp < 100 OR _timestamp >= 200) AND (_timestamp < 300 OR _timestamp >= 400)");
    }

    @Test
    void sql_withoutRanges_isTheQuery() {
        assertThat(ExcludedRanges.sql("SELECT count(*) AS n FROM s", List.of()))
                .contains("SELECT count(*) AS n FROM s");
    }

    @Test
    void sql_refusesWhatItCannotRewriteWithCertainty() {
        // a select item named _timestamp, a set operation, unparsable text, overlapping or empty ranges
        assertThat(ExcludedRanges.sql("SELECT max(_timestamp) AS _timestamp FROM s", ONE))
                .isEmpty();
        assertThat(ExcludedRanges.sql("SELECT a FROM s UNION ALL SELECT a FROM t", ONE))
                .isEmpty();
        assertThat(ExcludedRanges.sql("SELECT FROM WHERE", ONE)).isEmpty();
        assertThat(ExcludedRanges.sql(
                        "SELECT count(*) AS n FROM s", List.of(new long[] {100, 300}, new long[] {200, 400})))
                .isEmpty();
        assertThat(ExcludedRanges.sql("SELECT count(*) AS n FROM s", List.<long[]>of(new long[] {100, 100})))
                .isEmpty();
    }
}
