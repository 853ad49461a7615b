package io.shopwatch.pipeline.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TraceContinuationTest {

    private static boolean sampled(String traceparent) {
        return TraceContinuation.sampled(traceparent.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void sampled_readsTheSampledFlag_ofAWellFormedTraceparentOnly() {
        assertThat(sampled("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
                .isTrue();
        assertThat(sampled("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03"))
                .isTrue();
        assertThat(sampled("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"))
                .isFalse();
        assertThat(sampled("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0x"))
                .isFalse();
        assertThat(sampled("00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333-01"))
                .isFalse();
        assertThat(sampled("00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01"))
                .isFalse();
        assertThat(sampled("")).isFalse();
        assertThat(TraceContinuation.sampled(null)).isFalse();
    }
}
