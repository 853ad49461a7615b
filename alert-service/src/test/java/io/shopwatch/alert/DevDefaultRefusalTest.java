package io.shopwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.testkit.StartupRefusal;
import org.junit.jupiter.api.Test;

/** Outside dev mode the service does not start on a development credential, and says which variable to set. */
class DevDefaultRefusalTest {

    @Test
    void start_withTheDevelopmentDefaultOutsideDevMode_isRefusedNamingTheVariable() {
        assertThat(StartupRefusal.of(AlertServiceApplication.class).problems())
                .singleElement()
                .asString()
                .startsWith("DATABASE_PASSWORD is a development default")
                .contains("SHOPWATCH_DEV_MODE=true");
    }
}
