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

    @Test
    void theFieldsTheMeterNames_areEnoughToTellAnErrorFromTheRecordTheFeedReads() {
        IngestMeter meter = new IngestMeter(Set.of());
        var partial = io.shopwatch.common.kafka.EnvelopeSerde.partialDeserializer(meter.payloadFields());
        var full = new io.shopwatch.common.kafka.EnvelopeSerde().serializer();
        for (String payload : new String[] {
            "{\"level\":\"info\",\"message\":\"x\"}",
            "{\"message\":\"x\",\"level\":\"ERROR\"}",
            "{\"severity_text\":\"FATAL\"}",
            "{\"severity\":\"error\"}",
            "{\"status\":503,\"body\":{\"level\":\"info\"}}",
            "{\"http_status\":502}",
            "{\"http_status_code\":500}",
            "{\"status_code\":\"STATUS_CODE_ERROR\"}",
            "{\"status_code\":504}",
            "{\"status\":404}"
        }) {
            Envelope envelope = envelope("web", payload);
            Envelope read = partial.deserialize("t", full.serialize("t", envelope));
            assertThat(IngestMeter.isError(read.payload()))
                    .as(payload)
                    .isEqualTo(IngestMeter.isError(envelope.payload()));
        }
    }
}
