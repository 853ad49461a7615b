package io.shopwatch.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramShapeTest {

    @Test
    void of_bucketedAggregatesOrderedByTheBucket_isSplittable() {
        assertThat(HistogramShape.of("SELECT histogram(_timestamp, '10 minute') AS k, count(*) AS n FROM logs "
                        + "WHERE level = 'error' GROUP BY k ORDER BY k"))
                .contains(new HistogramShape.Bucketed(600_000_000L, false, "k"));
        assertThat(HistogramShape.of("SELECT histogram(_timestamp, '1 hour') AS \"k\", avg(x) AS a, "
                        + "count(DISTINCT y) AS d FROM logs GROUP BY histogram(_timestamp, '1 hour') ORDER BY k DESC"))
                .contains(new HistogramShape.Bucketed(3_600_000_000L, true, "k"));
        assertThat(HistogramShape.of(
                        "SELECT histogram(_timestamp, '30 seconds') AS k, max(x) FROM logs GROUP BY k ORDER BY k ASC"))
                .contains(new HistogramShape.Bucketed(30_000_000L, false, "k"));
    }

    @Test
    void of_anythingElse_isNotSplit() {
        String[] refused = {
            "SELECT histogram(_timestamp) AS k, count(*) FROM logs GROUP BY k ORDER BY k", // automatic interval
            "SELECT histogram(_timestamp, '10 minute') AS k, count(*) FROM logs GROUP BY k ORDER BY k LIMIT 5",
            "SELECT histogram(_timestamp, '10 minute') AS k, s, count(*) FROM logs GROUP BY k, s ORDER BY k",
            "SELECT histogram(_timestamp, '10 minute') AS k, count(*) AS n FROM logs GROUP BY k ORDER BY n",
            "SELECT histogram(_timestamp, '10 minute') AS k, count(*) FROM logs GROUP BY k HAVING count(*) > 1 ORDER BY k",
            "SELECT histogram(_timestamp, '10 minute') AS k, count(*) FROM logs a JOIN b ON a.x = b.x GROUP BY k ORDER BY k",
            "SELECT histogram(_timestamp, '10 minute') AS k, count(*) FROM logs WHERE x IN (SELECT x FROM b) "
                    + "GROUP BY k ORDER BY k",
            "SELECT histogram(_timestamp, '10 minute') AS k, sum(count(*)) OVER (ORDER BY k) FROM logs GROUP BY k ORDER BY k",
            "SELECT DISTINCT histogram(_timestamp, '10 minute') AS k FROM logs GROUP BY k ORDER BY k",
            "SELECT histogram(_timestamp, '10 minute') AS k, count(*) FROM logs GROUP BY k",
            "SELECT histogram(other, '10 minute') AS k, count(*) FROM logs GROUP BY k ORDER BY k",
            "SELECT count(*) FROM logs",
            "SELECT * FROM logs ORDER BY _timestamp"
        };
        for (String sql : refused) {
            assertThat(HistogramShape.of(sql)).as(sql).isEmpty();
        }
    }

    @Test
    void alignDown_usesTheHistogramOrigin() {
        long hour = 3_600_000_000L;
        assertThat(HistogramShape.alignDown(HistogramShape.ORIGIN_MICROS + 5 * hour + 17, hour))
                .isEqualTo(HistogramShape.ORIGIN_MICROS + 5 * hour);
        long sevenMinutes = 7 * 60_000_000L;
        assertThat((HistogramShape.alignDown(1_796_534_368_720_876L, sevenMinutes) - HistogramShape.ORIGIN_MICROS)
                        % sevenMinutes)
                .isZero();
    }
}
