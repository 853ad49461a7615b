package io.shopwatch.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code histogram_quantile} against hand-computed answers following Prometheus' {@code bucketQuantile}: rank
 * {@code φ × count(+Inf)}, the first bucket whose cumulative count reaches the rank, linear interpolation from the
 * previous bucket's upper bound (0 for the first bucket).
 */
class HistogramQuantileTest {

    private final SeriesFixture f = new SeriesFixture();

    /** Cumulative buckets 0.1:10, 0.5:30, 1:45, +Inf:50 of {@code lat_bucket{job=api}}, sampled at 50 s. */
    private void apiBuckets() {
        f.series("lat_bucket,job=api,le=0.1", 50, 10);
        f.series("lat_bucket,job=api,le=0.5", 50, 30);
        f.series("lat_bucket,job=api,le=1", 50, 45);
        f.series("lat_bucket,job=api,le=+Inf", 50, 50);
    }

    @Test
    void histogramQuantile_interpolatesLinearlyInsideTheBucket_dropsLeAndName() {
        apiBuckets();
        // rank 0.5 x 50 = 25, first reached by le=0.5 (30): 0.1 + (0.5 - 0.1) x (25 - 10) / (30 - 10) = 0.4
        assertThat(f.vector("histogram_quantile(0.5, lat_bucket)", 60)).containsOnlyKeys("{job=api}");
        assertThat(value("histogram_quantile(0.5, lat_bucket)")).isCloseTo(0.4, within(1e-12));
        // rank 2.5 in the first bucket, which starts at 0: 0.1 x 2.5 / 10 = 0.025
        assertThat(value("histogram_quantile(0.05, lat_bucket)")).isCloseTo(0.025, within(1e-12));
        // rank 45 reached exactly by le=1: 0.5 + 0.5 x (45 - 30) / (45 - 30) = 1
        assertThat(value("histogram_quantile(0.9, lat_bucket)")).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void histogramQuantile_rankInTheInfBucket_answersTheHighestFiniteBound() {
        apiBuckets();
        // rank 47.5 > 45: only +Inf holds it
        assertThat(value("histogram_quantile(0.95, lat_bucket)")).isEqualTo(1.0);
        assertThat(value("histogram_quantile(1, lat_bucket)")).isEqualTo(1.0);
    }

    @Test
    void histogramQuantile_phiOutsideZeroToOne_isMinusOrPlusInfinity() {
        apiBuckets();
        assertThat(value("histogram_quantile(-0.1, lat_bucket)")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(value("histogram_quantile(1.01, lat_bucket)")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(value("histogram_quantile(NaN, lat_bucket)")).isNaN();
    }

    @Test
    void histogramQuantile_fewerThanTwoBuckets_noInfBucket_orNoObservations_isNaN() {
        f.series("one_bucket,le=+Inf", 50, 5);
        f.series("no_inf_bucket,le=1", 50, 5);
        f.series("no_inf_bucket,le=2", 50, 8);
        f.series("empty_bucket,le=1", 50, 0);
        f.series("empty_bucket,le=+Inf", 50, 0);
        assertThat(value("histogram_quantile(0.5, one_bucket)")).isNaN();
        assertThat(value("histogram_quantile(0.5, no_inf_bucket)")).isNaN();
        assertThat(value("histogram_quantile(0.5, empty_bucket)")).isNaN();
    }

    @Test
    void histogramQuantile_countBelowThePreviousBucket_isRaisedToIt() {
        // 1:4, 2:3, 3:8, +Inf:8 is read as 4, 4, 8, 8: rank 0.75 x 8 = 6 in le=3: 2 + 1 x (6 - 4) / (8 - 4) = 2.5
        // (without the fix it would be 2 + (6 - 3) / (8 - 3) = 2.6)
        f.series("dip_bucket,le=1", 50, 4);
        f.series("dip_bucket,le=2", 50, 3);
        f.series("dip_bucket,le=3", 50, 8);
        f.series("dip_bucket,le=+Inf", 50, 8);
        assertThat(value("histogram_quantile(0.75, dip_bucket)")).isCloseTo(2.5, within(1e-12));
    }

    @Test
    void histogramQuantile_sameBoundSpelledTwice_bucketsAreAddedUp() {
        // le="1" and le="1.0" are one bucket of 2 + 2 = 4, +Inf 8: rank 2 in it: 1 x 2 / 4 = 0.5
        f.series("twice_bucket,le=1", 50, 2);
        f.series("twice_bucket,le=1.0", 50, 2);
        f.series("twice_bucket,le=+Inf", 50, 8);
        assertThat(value("histogram_quantile(0.25, twice_bucket)")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void histogramQuantile_firstBucketNotAboveZero_answersItsBound() {
        // -1:5, 1:10, +Inf:10: rank 0.2 x 10 = 2 in the first bucket, whose bound is <= 0: no interpolation
        f.series("neg_bucket,le=-1", 50, 5);
        f.series("neg_bucket,le=1", 50, 10);
        f.series("neg_bucket,le=+Inf", 50, 10);
        assertThat(value("histogram_quantile(0.2, neg_bucket)")).isEqualTo(-1.0);
        // rank 7 in le=1: -1 + 2 x (7 - 5) / (10 - 5) = -0.2
        assertThat(value("histogram_quantile(0.7, neg_bucket)")).isCloseTo(-0.2, within(1e-12));
    }

    @Test
    void histogramQuantile_seriesWithoutLe_areLeftOut() {
        apiBuckets();
        f.series("lat_bucket,job=api", 50, 1000);
        f.series("lat_bucket,job=api,le=abc", 50, 1000);
        assertThat(value("histogram_quantile(0.5, lat_bucket)")).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void histogramQuantile_ofSummedRates_groupsByEveryLabelButLe() {
        // per-second rates (counter = rate x t, so rate[5m] at 300 s is exact):
        //   checkout i1: 0.1:1 0.25:2 0.5:3 1:3.5 +Inf:4    checkout i2: 0.1:0 0.25:1 0.5:4 1:5.5 +Inf:6
        //   search i1:   0.1:2 0.25:4 0.5:4 1:4 +Inf:4
        // sum by (le, service): checkout 1, 3, 7, 9, 10; search 2, 4, 4, 4, 4
        double[][] checkout = {{1, 2, 3, 3.5, 4}, {0, 1, 4, 5.5, 6}};
        String[] les = {"0.1", "0.25", "0.5", "1", "+Inf"};
        for (int i = 0; i < 2; i++) {
            for (int b = 0; b < les.length; b++) {
                f.counter("req_seconds_bucket,service=checkout,instance=i" + (i + 1) + ",le=" + les[b], checkout[i][b]);
            }
        }
        double[] search = {2, 4, 4, 4, 4};
        for (int b = 0; b < les.length; b++) {
            f.counter("req_seconds_bucket,service=search,instance=i1,le=" + les[b], search[b]);
        }
        String template = "histogram_quantile(%s, sum by (le, service) (rate(req_seconds_bucket[5m])))";

        // checkout: rank 9.5 above 9 (le=1): the highest finite bound 1
        // search: rank 3.8 in le=0.25: 0.1 + 0.15 x (3.8 - 2) / (4 - 2) = 0.235
        Map<String, Double> p95 = f.vector(template.formatted("0.95"), 300);
        assertThat(p95).containsOnlyKeys("{service=checkout}", "{service=search}");
        assertThat(p95.get("{service=checkout}")).isCloseTo(1.0, within(1e-9));
        assertThat(p95.get("{service=search}")).isCloseTo(0.235, within(1e-9));

        // checkout: rank 5 in le=0.5: 0.25 + 0.25 x (5 - 3) / (7 - 3) = 0.375; search: rank 2 in le=0.1: 0.1
        Map<String, Double> p50 = f.vector(template.formatted("0.5"), 300);
        assertThat(p50.get("{service=checkout}")).isCloseTo(0.375, within(1e-9));
        assertThat(p50.get("{service=search}")).isCloseTo(0.1, within(1e-9));

        // checkout: rank 8 in le=1: 0.5 + 0.5 x (8 - 7) / (9 - 7) = 0.75
        assertThat(f.vector(template.formatted("0.8"), 300).get("{service=checkout}"))
                .isCloseTo(0.75, within(1e-9));

        // without the sum, each instance is its own histogram: checkout i2 rank 0.5 x 6 = 3 in le=0.5:
        // 0.25 + 0.25 x (3 - 1) / (4 - 1) = 0.41666...
        Map<String, Double> perInstance = f.vector("histogram_quantile(0.5, rate(req_seconds_bucket[5m]))", 300);
        assertThat(perInstance)
                .containsOnlyKeys(
                        "{instance=i1, service=checkout}",
                        "{instance=i2, service=checkout}",
                        "{instance=i1, service=search}");
        assertThat(perInstance.get("{instance=i2, service=checkout}")).isCloseTo(0.25 + 0.5 / 3, within(1e-9));
    }

    @Test
    void histogramQuantile_rangeQuery_answersPerStep() {
        // le=1 holds 2 of 4 observations at 50 s, 4 of 4 at 110 s: median 1 x 2 / 2 = 1, then 1 x 2 / 4 = 0.5
        f.series("step_bucket,le=1", 50, 2, 110, 4);
        f.series("step_bucket,le=+Inf", 50, 4, 110, 4);
        List<Evaluator.RangeSeries> result = f.range("histogram_quantile(0.5, step_bucket)", 60, 120, 60);
        assertThat(result).hasSize(1);
        assertThat(result.get(0).labels()).isEmpty();
        assertThat(result.get(0).values()).containsExactly(1.0, 0.5);
    }

    private double value(String query) {
        Map<String, Double> result = f.vector(query, 60);
        assertThat(result).hasSize(1);
        return result.values().iterator().next();
    }
}
