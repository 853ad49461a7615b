package io.shopwatch.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.metrics.sample.SpecialValues;
import org.junit.jupiter.api.Test;

/** NaN, ±Inf and staleness markers in the evaluator, as Prometheus treats them. */
class NonFiniteValuesTest {

    private final SeriesFixture f = new SeriesFixture();

    @Test
    void instantSelector_staleMarkerLatest_seriesEndsUntilTheNextSample() {
        f.series("m,a=x", 10, 1, 20, SpecialValues.STALE_NAN, 100, 5);
        f.series("m,a=y", 10, 2);

        assertThat(f.vector("m", 15)).containsOnlyKeys("{__name__=m, a=x}", "{__name__=m, a=y}");
        // without the marker, x's sample of 10 s would be in the 5-minute lookback at 30 s
        assertThat(f.vector("m", 30)).containsOnlyKeys("{__name__=m, a=y}");
        assertThat(f.vector("m", 100)).containsEntry("{__name__=m, a=x}", 5.0);
    }

    @Test
    void rangeFunctions_leaveStaleMarkersOut() {
        f.series("m", 10, 1, 20, 3, 30, SpecialValues.STALE_NAN);
        f.series("gone", 10, SpecialValues.STALE_NAN);

        assertThat(f.vector("count_over_time(m[1m])", 40)).containsEntry("{}", 2.0);
        assertThat(f.vector("sum_over_time(m[1m])", 40)).containsEntry("{}", 4.0);
        assertThat(f.vector("count_over_time(gone[1m])", 40)).isEmpty();
    }

    @Test
    void nanAndInfinities_areValues() {
        f.series("v,a=nan", 10, Double.NaN);
        f.series("v,a=pos", 10, Double.POSITIVE_INFINITY);
        f.series("v,a=neg", 10, Double.NEGATIVE_INFINITY);

        assertThat(f.vector("v", 10))
                .containsEntry("{__name__=v, a=nan}", Double.NaN)
                .containsEntry("{__name__=v, a=pos}", Double.POSITIVE_INFINITY)
                .containsEntry("{__name__=v, a=neg}", Double.NEGATIVE_INFINITY);
        // Prometheus' min and max skip NaN unless every value is NaN; sum propagates it
        assertThat(f.vector("min(v)", 10)).containsEntry("{}", Double.NEGATIVE_INFINITY);
        assertThat(f.vector("max(v)", 10)).containsEntry("{}", Double.POSITIVE_INFINITY);
        assertThat(f.vector("max(v{a=\"nan\"})", 10)).containsEntry("{}", Double.NaN);
        assertThat(f.vector("sum(v)", 10)).containsEntry("{}", Double.NaN);
        assertThat(f.vector("max_over_time(v{a=\"nan\"}[1m]) ", 10)).containsEntry("{a=nan}", Double.NaN);
    }

    @Test
    void specialValues_roundTripThroughTheStoredField() {
        for (double v :
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, SpecialValues.STALE_NAN
                }) {
            double back = SpecialValues.decode(SpecialValues.encode(v), 0);
            assertThat(Double.doubleToRawLongBits(back)).isEqualTo(Double.doubleToRawLongBits(v));
        }
        assertThat(SpecialValues.encode(1.5)).isNull();
        assertThat(SpecialValues.decode(null, 1.5)).isEqualTo(1.5);
        assertThat(SpecialValues.isStale(Double.NaN)).isFalse();
    }
}
