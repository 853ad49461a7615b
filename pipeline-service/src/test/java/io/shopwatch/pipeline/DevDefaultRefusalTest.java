package io.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.testkit.StartupRefusal;
import org.junit.jupiter.api.Test;

/** Outside dev mode the service does not start on a development credential, and says which variable to set. */
class DevDefaultRefusalTest {

    @Test
    void start_withTheDevelopmentDefaultOutsideDevMode_isRefusedNamingTheVariable() {
        assertThat(StartupRefusal.of(PipelineServiceApplication.class).problems())
                .singleElement()
                .asString()
                .startsWith("OPENOBSERVE_PASSWORD is a development default")
                .contains("SHOPWATCH_DEV_MODE=true");
    }
}
