package io.shopwatch.metrics.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExponentialBucketsTest {

    private static final ExponentialBuckets.Side NONE = new ExponentialBuckets.Side(0, new long[0]);

    @Test
    void toClassic_scaleZero_boundsArePowersOfTwo_countsCumulative() {
        // scale 0: base 2; buckets 1, 2, 3 hold (2,4], (4,8], (8,16]
        var buckets =
                ExponentialBuckets.toClassic(0, 0, new ExponentialBuckets.Side(1, new long[] {3, 2, 1}), NONE, 6, 16);

        assertThat(buckets.keySet()).containsExactly(4.0, 8.0, 16.0, Double.POSITIVE_INFINITY);
        assertThat(buckets.values()).containsExactly(3.0, 5.0, 6.0, 6.0);
    }

    @Test
    void toClassic_scaleOne_boundsAreRootsOfTwo() {
        // scale 1: base sqrt(2); bucket 0 holds (1, sqrt 2], bucket 1 (sqrt 2, 2]
        var buckets =
                ExponentialBuckets.toClassic(1, 0, new ExponentialBuckets.Side(0, new long[] {1, 1}), NONE, 2, 16);

        assertThat(buckets.keySet()).containsExactly(Math.sqrt(2), 2.0, Double.POSITIVE_INFINITY);
        assertThat(buckets.values()).containsExactly(1.0, 2.0, 2.0);
    }

    @Test
    void toClassic_negativeAndZeroBuckets_comeFirst() {
        // scale 0: negative bucket 1 holds [-4,-2), negative bucket 0 holds [-2,-1); 2 zeros; positive bucket 0 (1,2]
        var buckets = ExponentialBuckets.toClassic(
                0,
                2,
                new ExponentialBuckets.Side(0, new long[] {5}),
                new ExponentialBuckets.Side(0, new long[] {1, 3}),
                11,
                16);

        assertThat(buckets.keySet()).containsExactly(-2.0, -1.0, 0.0, 2.0, Double.POSITIVE_INFINITY);
        assertThat(buckets.values()).containsExactly(3.0, 4.0, 6.0, 11.0, 11.0);
    }

    @Test
    void toClassic_moreBucketsThanTheCap_mergesNeighboursByDownscaling() {
        // scale 2, buckets 0..7 of one each: downscaled twice to scale 0, buckets 0 and 1 of four each
        long[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
        var buckets = ExponentialBuckets.toClassic(2, 0, new ExponentialBuckets.Side(0, ones), NONE, 8, 2);

        assertThat(buckets.keySet()).containsExactly(2.0, 4.0, Double.POSITIVE_INFINITY);
        assertThat(buckets.values()).containsExactly(4.0, 8.0, 8.0);
    }

    @Test
    void halve_negativeOffset_floorsTheIndex() {
        var halved = new ExponentialBuckets.Side(-3, new long[] {1, 2, 3, 4}).halve();

        // indexes -3,-2,-1,0 → -2,-1,-1,0
        assertThat(halved.offset()).isEqualTo(-2);
        assertThat(halved.counts()).containsExactly(1, 5, 4);
    }

    @Test
    void toClassic_bucketsHoldMoreThanTheCount_refused() {
        assertThatThrownBy(() ->
                        ExponentialBuckets.toClassic(0, 0, new ExponentialBuckets.Side(0, new long[] {5}), NONE, 3, 16))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
