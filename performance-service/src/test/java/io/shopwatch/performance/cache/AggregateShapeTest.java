package io.shopwatch.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateShapeTest {

    @Test
    void of_acceptsCountSumMinMax_ungroupedOrGroupedAndOrderedByAllKeys() {
        assertThat(AggregateShape.of("SELECT count(*) AS n FROM s")).isPresent();
        AggregateShape.Aggregated grouped = AggregateShape.of(
                        "SELECT service, level AS l, count(*) AS n, sum(amount) AS t, min(amount) AS lo, "
                                + "max(amount) AS hi FROM s WHERE amount > 3 GROUP BY service, level "
                                + "ORDER BY l DESC, service")
                .orElseThrow();
        assertThat(grouped.keys()).containsExactly("service", "l");
        assertThat(grouped.aggregates().values())
                .containsExactly(
                        AggregateShape.Kind.COUNT,
                        AggregateShape.Kind.SUM,
                        AggregateShape.Kind.MIN,
                        AggregateShape.Kind.MAX);
        assertThat(grouped.order())
                .containsExactly(new AggregateShape.Order("l", true), new AggregateShape.Order("service", false));
        assertThat(grouped.spanSql(3_600_000_000L))
                .isEqualTo("SELECT histogram(_timestamp, '3600 second') AS _sw_piece, service, level AS l, "
                        + "count(*) AS n, sum(amount) AS t, min(amount) AS lo, max(amount) AS hi FROM s "
                        + "WHERE amount > 3 GROUP BY _sw_piece, service, level");
    }

    @Test
    void of_acceptsATopNByAnAggregate_andAKeyOrderWithALimit() {
        AggregateShape.Aggregated top = AggregateShape.of(
                        "SELECT service, count(*) AS n FROM s GROUP BY service ORDER BY n DESC LIMIT 10")
                .orElseThrow();
        assertThat(top.order()).containsExactly(new AggregateShape.Order("n", true));
        assertThat(top.limit()).isEqualTo(10);
        assertThat(top.totalOrder()).isFalse();
        assertThat(top.spanSql(3_600_000_000L))
                .isEqualTo("SELECT histogram(_timestamp, '3600 second') AS _sw_piece, service, count(*) AS n FROM s "
                        + "GROUP BY _sw_piece, service");
        AggregateShape.Aggregated byKey = AggregateShape.of(
                        "SELECT service, count(*) AS n FROM s GROUP BY service ORDER BY service LIMIT 3")
                .orElseThrow();
        assertThat(byKey.limit()).isEqualTo(3);
        assertThat(byKey.totalOrder()).isTrue();
        assertThat(AggregateShape.of("SELECT service, count(*) AS n FROM s GROUP BY service ORDER BY n DESC, service")
                        .orElseThrow()
                        .totalOrder())
                .isTrue();
        assertThat(AggregateShape.of("SELECT service, count(*) AS n FROM s GROUP BY service ORDER BY service")
                        .orElseThrow()
                        .limit())
                .isEqualTo(-1);
    }

    @Test
    void of_acceptsAHistogramWithAnExplicitIntervalAsAGroupKey() {
        AggregateShape.Aggregated histogram = AggregateShape.of(
                        "SELECT histogram(_timestamp, '30 minute') AS k, count(*) AS n, max(latency) AS m FROM s "
                                + "WHERE level = 'error' GROUP BY k ORDER BY k DESC")
                .orElseThrow();
        assertThat(histogram.keys()).containsExactly("k");
        assertThat(histogram.order()).containsExactly(new AggregateShape.Order("k", true));
        assertThat(histogram.totalOrder()).isTrue();
        assertThat(histogram.histogramSeconds()).isEqualTo(1800);
        assertThat(histogram.spanSql(60_000_000L))
                .isEqualTo("SELECT histogram(_timestamp, '60 second') AS _sw_piece, histogram(_timestamp, '30 minute') "
                        + "AS k, count(*) AS n, max(latency) AS m FROM s WHERE level = 'error' GROUP BY _sw_piece, k");
        assertThat(AggregateShape.of("SELECT service, count(*) AS n FROM s GROUP BY service ORDER BY service")
                        .orElseThrow()
                        .histogramSeconds())
                .isZero();
        assertThat(AggregateShape.of("SELECT histogram(_timestamp, '1 hour', 'Asia/Shanghai') AS k, service, "
                                + "sum(amount) AS t FROM s GROUP BY k, service ORDER BY k, service")
                        .orElseThrow()
                        .keys())
                .containsExactly("k", "service");
    }

    @Test
    void of_refusesWhatCannotBeMergedExactly() {
        for (String sql : List.of(
                "SELECT avg(amount) AS a FROM s",
                "SELECT count(DISTINCT service) AS d FROM s",
                "SELECT count(*) FROM s", // no alias
                "SELECT sum(amount * 2) AS t FROM s",
                "SELECT service, count(*) AS n FROM s GROUP BY service", // unordered groups
                "SELECT service, level, count(*) AS n FROM s GROUP BY service, level ORDER BY service",
                "SELECT count(*) AS n FROM s GROUP BY service ORDER BY service", // key not selected
                "SELECT service, count(*) AS n FROM s GROUP BY service ORDER BY n DESC LIMIT 3 OFFSET 1",
                "SELECT service, count(*) AS n FROM s GROUP BY service ORDER BY n DESC LIMIT 1 + 2",
                "SELECT service, count(*) AS n FROM s GROUP BY service LIMIT 3", // no order
                "SELECT count(*) AS n FROM s LIMIT 1",
                "SELECT service, count(*) AS n FROM s GROUP BY service ORDER BY amount LIMIT 3",
                "SELECT service, count(*) AS n FROM s GROUP BY service HAVING count(*) > 1 ORDER BY service",
                "SELECT count(*) AS n FROM s WHERE service IN (SELECT service FROM t)",
                "SELECT histogram(_timestamp) AS k, count(*) AS n FROM s GROUP BY k ORDER BY k", // automatic interval
                "SELECT histogram(_timestamp, '1 hour') AS k, count(*) AS n FROM s "
                        + "GROUP BY histogram(_timestamp, '1 hour') ORDER BY k",
                "SELECT histogram(_timestamp, '1 hour') AS k, avg(amount) AS a FROM s GROUP BY k ORDER BY k",
                "SELECT histogram(_timestamp, '1 hour') AS k, histogram(_timestamp, '1 day') AS d, count(*) AS n "
                        + "FROM s GROUP BY k, d ORDER BY k, d",
                "SELECT histogram(amount, '1 hour') AS k, count(*) AS n FROM s GROUP BY k ORDER BY k",
                "SELECT approx_percentile_cont(amount, 0.9) AS p FROM s",
                "SELECT amount, count(*) AS n FROM s",
                "SELECT * FROM s")) {
            assertThat(AggregateShape.of(sql)).as(sql).isEmpty();
        }
    }
}
