package io.shopwatch.pipeline.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DocumentJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("level", "WARN");
        document.put("message", "tab\t \"quoted\" é ✓ \u0001");
        document.put("_timestamp", 1_795_608_000_000_000L);
        document.put("count", 3);
        document.put("price", 9.5);
        document.put("tiny", 1.0e-7);
        document.put("ok", true);
        document.put("big", new BigInteger("18446744073709551615"));
        document.put("id", "a");
        return document;
    }

    @Test
    void write_isWhatTheObjectMapperWrites() {
        Map<String, Object> document = document();
        assertThat(new String(DocumentJson.write(document), StandardCharsets.UTF_8))
                .isEqualTo(JSON.writeValueAsString(document));
    }

    @Test
    void write_isWhatTheObjectMapperWrites_forEveryKindOfCharacter() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 2_000; round++) {
            Map<String, Object> document = new LinkedHashMap<>();
            for (int f = 0; f < 4; f++) {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(40);
                for (int i = 0; i < length; i++) {
                    switch (random.nextInt(6)) {
                        case 0 -> text.append((char) random.nextInt(0x20)); // control characters
                        case 1 -> text.append("\"\\/\u007f".charAt(random.nextInt(4)));
                        case 2 -> text.append((char) (0x80 + random.nextInt(0x780))); // two bytes
                        case 3 -> text.append((char) (0x800 + random.nextInt(0xD000))); // three bytes
                        case 4 -> text.appendCodePoint(0x10000 + random.nextInt(0xFFFFF)); // surrogate pairs
                        default -> text.append((char) (0x20 + random.nextInt(0x5F)));
                    }
                }
                document.put(text.toString(), round % 2 == 0 ? text.toString() : random.nextDouble() * 1e6);
            }
            document.put("n", random.nextLong());
            assertThat(DocumentJson.write(document)).isEqualTo(JSON.writeValueAsBytes(document));
        }
    }

    @Test
    void write_handsWhatItDoesNotWriteItselfToTheGenerator() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("nan", Double.NaN);
        document.put("nested", Map.of("a", 1));
        document.put("broken", "high \ud800 alone");
        assertThat(DocumentJson.write(document)).isEqualTo(JSON.writeValueAsBytes(document));
    }

    @Test
    void array_joinsTheDocuments() {
        List<byte[]> documents = List.of(DocumentJson.write(Map.of("a", 1L)), DocumentJson.write(Map.of("b", "x")));
        assertThat(new String(DocumentJson.array(documents), StandardCharsets.UTF_8))
                .isEqualTo("[{\"a\":1},{\"b\":\"x\"}]");
        assertThat(new String(DocumentJson.array(List.of()), StandardCharsets.UTF_8))
                .isEqualTo("[]");
    }

    @Test
    void storedEnvelope_isTheHeaderInContractOrderWithIntegerMicros_andTheDocumentBytesAsPayload() {
        byte[] raw = ("{\"id\":\"id \\\"1\\\"\",\"org\":\"default\",\"stream\":\"logs\",\"type\":\"LOG\","
                        + "\"timestamp\":1795608000000001,\"payload\":{\"message\":\"m\"}}")
                .getBytes(StandardCharsets.UTF_8);
        PipelineRecord record = new EnvelopeReader(3).read(raw, new PipelineRecord.Source("t", 0, 0));
        record.document().put("_timestamp", record.timestampMicros());

        byte[] stored = DocumentJson.storedEnvelope(record);

        JsonNode tree = JSON.readTree(stored);
        List<String> names = new ArrayList<>(tree.propertyNames());
        assertThat(names).containsExactly("id", "org", "stream", "type", "timestamp", "payload");
        assertThat(tree.get("id").asString()).isEqualTo("id \"1\"");
        assertThat(tree.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(tree.get("timestamp").longValue()).isEqualTo(1_795_608_000_000_001L);
        assertThat(JSON.writeValueAsBytes(tree.get("payload"))).isEqualTo(record.json());
        assertThat(tree.get("payload").get("message").asString()).isEqualTo("m");
    }

    @Test
    void storedEnvelope_isByteForByteWhatTheContractsOneWriterWrites() {
        byte[] raw = ("{\"id\":\"id \\\"1\\\" ü\",\"org\":\"default\",\"stream\":\"logs\",\"type\":\"EVENT\","
                        + "\"timestamp\":1795608000000001,\"payload\":{\"message\":\"m\",\"n\":2}}")
                .getBytes(StandardCharsets.UTF_8);
        PipelineRecord record = new EnvelopeReader(3).read(raw, new PipelineRecord.Source("t", 0, 0));
        record.document().put("_timestamp", record.timestampMicros());

        byte[] stored = DocumentJson.storedEnvelope(record);

        Envelope same = new Envelope(
                record.id(),
                record.org(),
                record.stream(),
                record.type(),
                EnvelopeSerde.instantOfMicros(record.timestampMicros()),
                JSON.readTree(record.json()));
        byte[] written = new EnvelopeSerde().serializer().serialize(Topics.STORED, same);
        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo(new String(written, StandardCharsets.UTF_8));
    }
}
