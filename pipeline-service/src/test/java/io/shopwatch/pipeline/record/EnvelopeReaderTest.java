package io.shopwatch.pipeline.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.openobserve.OpenObserveFlattening;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EnvelopeReaderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PipelineRecord.Source SOURCE = new PipelineRecord.Source("shopwatch.logs.raw", 0, 7);

    /** Payloads that exercise every flattening rule, including the FlattenTransformer tests' cases. */
    private static final List<String> PAYLOADS = List.of(
            "{\"Level\":\"warn\",\"service\":\"cart\",\"message\":\"m\",\"attributes\":{\"Order.Id\":7,"
                    + "\"deep\":{\"x\":{\"y\":1}},\"tags\":[1,2],\"gone\":null,\"ok\":true,\"price\":9.5}}",
            "{\"level\":\"warn\",\"service\":\"cart\",\"message\":\"m\",\"attributes\":{\"tags\":[],"
                    + "\"a_b\":2,\"a.b\":1,\"deep\":{\"x\":{\"B\":1,\"A\":2}}}}",
            "{\"z\":1,\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}},\"a_b\":\"later\",\"list\":[{\"z\":1,\"a\":[{\"y\":2,\"b\":null}]}]}",
            "{\"x\":1,\"X\":null,\"empty\":{},\"emptyList\":[],\"n\":null,\"big\":18446744073709551615,"
                    + "\"bigger\":184467440737095516150,\"neg\":-9223372036854775809,\"f\":1.0e-7,\"e\":1E+300}",
            "{\"Ünïcode\":\"é\",\"k8s/pod-name\":\"p\",\"@timestamp\":\"t\",\"a--b\":1,\"obj\":{\"in\":{\"\":1}}}",
            "{\"b\":{\"y\":1,\"x\":2},\"a\":{\"z\":{\"k\":[3,{\"b\":1,\"a\":2}]}},\"b_x\":\"clash\",\"a_z_k\":\"clash\"}",
            "{\"dup\":1,\"dup\":2,\"s\":\"\\u0000\\n\\\"q\\\"\"}");

    private static byte[] envelope(String timestamp, String payload) {
        return ("{\"id\":\"r-1\",\"org\":\"default\",\"stream\":\"logs\",\"type\":\"LOG\",\"timestamp\":" + timestamp
                        + ",\"payload\":" + payload + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void read_flattensExactlyLikeOpenObserveFlattening_atEveryLevel() {
        for (int level : new int[] {0, 1, 2, 3, 5}) {
            EnvelopeReader reader = new EnvelopeReader(level);
            OpenObserveFlattening flattening = new OpenObserveFlattening(level);
            for (String payload : PAYLOADS) {
                PipelineRecord record = reader.read(envelope("1795608000000000", payload), SOURCE);
                Map<String, Object> expected = flattening.flatten(JSON.readTree(payload));
                assertThat(new ArrayList<>(record.document().entrySet()))
                        .as("level %d, payload %s", level, payload)
                        .containsExactlyElementsOf(new ArrayList<>(expected.entrySet()));
                assertThat(record.isFlattened()).isTrue();
            }
        }
    }

    @Test
    void read_timestampAsIntegerMicrosOrAsRfc3339Text() {
        EnvelopeReader reader = new EnvelopeReader(3);
        PipelineRecord micros = reader.read(envelope("1795608000123456", "{}"), SOURCE);
        PipelineRecord text = reader.read(envelope("\"2026-11-25T12:00:00.123456Z\"", "{}"), SOURCE);
        PipelineRecord offset = reader.read(envelope("\"2026-11-25T20:00:00.123456+08:00\"", "{}"), SOURCE);

        assertThat(micros.timestampMicros()).isEqualTo(1_795_608_000_123_456L);
        assertThat(text.timestampMicros()).isEqualTo(1_795_608_000_123_456L);
        assertThat(offset.timestampMicros()).isEqualTo(1_795_608_000_123_456L);
        assertThat(micros.id()).isEqualTo("r-1");
        assertThat(micros.org()).isEqualTo("default");
        assertThat(micros.stream()).isEqualTo("logs");
        assertThat(micros.type()).isEqualTo(TelemetryType.LOG);
        assertThat(micros.source()).isEqualTo(SOURCE);
    }

    @Test
    void read_keepsTheBytesAsTheyArrived_andBuildsThePayloadTreeOnlyWhenAsked() {
        byte[] raw = envelope("1", "{\"a\":{\"b\":1}}");
        PipelineRecord record = new EnvelopeReader(3).read(raw, SOURCE);

        assertThat(record.original()).isSameAs(raw);
        assertThat(record.payload()).isEqualTo(JSON.readTree("{\"a\":{\"b\":1}}"));
    }

    @Test
    void read_headerInAnyOrder_unknownFieldsSkipped() {
        byte[] raw = ("{\"payload\":{\"m\":1},\"extra\":{\"x\":[1]},\"type\":\"EVENT\",\"timestamp\":5,"
                        + "\"stream\":\"s\",\"org\":\"o\",\"id\":\"i\"}")
                .getBytes(StandardCharsets.UTF_8);
        PipelineRecord record = new EnvelopeReader(3).read(raw, SOURCE);

        assertThat(record.type()).isEqualTo(TelemetryType.EVENT);
        assertThat(record.document()).containsExactly(Map.entry("m", 1L));
    }

    @Test
    void read_notAnEnvelope_throwsWithTheReason() {
        EnvelopeReader reader = new EnvelopeReader(3);
        assertThatThrownBy(() -> reader.read("{not json".getBytes(StandardCharsets.UTF_8), SOURCE))
                .isInstanceOf(EnvelopeReader.NotAnEnvelopeException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> reader.read("[1]".getBytes(StandardCharsets.UTF_8), SOURCE))
                .hasMessage("not a JSON object");
        assertThatThrownBy(() -> reader.read(
                        "{\"id\":\"i\",\"org\":\"o\",\"type\":\"LOG\",\"timestamp\":1,\"payload\":{}}"
                                .getBytes(StandardCharsets.UTF_8),
                        SOURCE))
                .hasMessage("missing stream");
        assertThatThrownBy(() -> reader.read(envelope("1", "null"), SOURCE)).hasMessage("payload is null");
        assertThatThrownBy(() -> reader.read(envelope("\"yesterday\"", "{}"), SOURCE))
                .hasMessage("timestamp is not RFC 3339");
        assertThatThrownBy(() -> reader.read(envelope("1.5", "{}"), SOURCE))
                .hasMessageContaining("timestamp must be an integer");
        assertThatThrownBy(() -> reader.read(
                        "{\"id\":\"i\",\"org\":\"o\",\"stream\":\"s\",\"type\":\"LOGS\",\"timestamp\":1,\"payload\":{}}"
                                .getBytes(StandardCharsets.UTF_8),
                        SOURCE))
                .hasMessage("unknown type LOGS");
    }

    @Test
    void read_payloadNotAnObject_isRejectedByTheFlattenStage() {
        PipelineRecord record = new EnvelopeReader(3).read(envelope("1", "[1,2]"), SOURCE);
        assertThat(record.isFlattened()).isFalse();

        new FlattenTransformer(3).apply(record);

        assertThat(record.rejection().reason()).isEqualTo("payload must be a JSON object");
    }
}
