package io.shopwatch.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.testkit.ServiceSmokeTest;
import io.shopwatch.tracing.sampling.TailSampler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The service with no configuration but tail sampling switched on (so that its wiring starts too). */
@TestPropertySource(properties = "shopwatch.tracing.sampling.enabled=true")
class TracingServiceApplicationTest extends ServiceSmokeTest {

    @Autowired
    TailSampler sampler;

    @Test
    void tailSampling_isWired() {
        assertThat(sampler.openTraces()).isZero();
    }
}
