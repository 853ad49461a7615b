package io.shopwatch.performance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class IngestMeterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Envelope envelope(String stream, String payload) {
        return new Envelope("id", "shop", stream, TelemetryType.LOG, Instant.now(), JSON.readTree(payload));
    }

    @Test
    void errorsAndNeverSampledStreams_areCountedAsExempt() {
        IngestMeter meter = new IngestMeter(Set.of("Payments"));
        meter.stored(envelope("web", "{\"level\":\"info\"}"), 10);
        meter.stored(envelope("web", "{\"level\":\"ERROR\"}"), 20);
        meter.stored(envelope("web", "{\"status\":503}"), 30);
        meter.stored(envelope("web", "{\"status_code\":\"STATUS_CODE_ERROR\"}"), 40);
        meter.stored(envelope("payments", "{\"level\":\"info\"}"), 50);

        var drained = meter.drain();
        assertThat(drained.get(new IngestMeter.StreamId("shop", "web")))
                .isEqualTo(new IngestMeter.Counts(1, 10, 3, 90));
        assertThat(drained.get(new IngestMeter.StreamId("shop", "payments")))
                .isEqualTo(new IngestMeter.Counts(0, 0, 1, 50));
        assertThat(meter.drain().get(new IngestMeter.StreamId("shop", "web")))
                .isEqualTo(new IngestMeter.Counts(0, 0, 0, 0));
    }
}
