package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScanCountersTest {

    private static long[] of(String body) {
        return QueryFrontend.scanCounters(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void scanCounters_areReadFromTheTopLevel_skippingTheRows() {
        assertThat(of("{\"took\":3,\"hits\":[{\"scan_size\":99,\"n\":{\"scan_records\":7}}],\"total\":1,"
                        + "\"scan_records\":1200,\"scan_size\":56000}"))
                .containsExactly(1200, 56000);
    }

    @Test
    void scanCounters_areZero_whenAbsentOrUnreadable() {
        assertThat(of("{\"hits\":[]}")).containsExactly(0, 0);
        assertThat(of("[1,2]")).containsExactly(0, 0);
        assertThat(of("not json")).containsExactly(0, 0);
    }
}
