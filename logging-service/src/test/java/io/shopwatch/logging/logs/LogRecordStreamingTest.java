package io.shopwatch.logging.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.logging.ingest.BatchParser;
import io.shopwatch.logging.ingest.InvalidRecordException;
import io.shopwatch.logging.ingest.MappedRecord;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A log record read straight from the body's parser ({@link LogRecordMapper#read}, through {@link BatchParser#mapJson})
 * comes out exactly as the same record mapped from its tree: accepted or rejected alike, the same reason, the same
 * envelope.
 */
class LogRecordStreamingTest {

    static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    static final Instant RECEIVED = Instant.parse("2026-11-25T12:00:00Z");
    static final ObjectMapper JSON = JsonMapper.builder().build();

    final LogRecordMapper mapper = new LogRecordMapper(VALIDATION.getValidator());
    final BatchParser parser = new BatchParser(JSON);

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    /** Both ways over one body; also counts how many records the streaming way read without their tree. */
    record Both(List<MappedRecord> tree, List<MappedRecord> streamed, int readInOnePass) {}

    Both both(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<MappedRecord> tree = new ArrayList<>();
        for (BatchParser.Item item : parser.parse(bytes, BatchParser.Format.JSON, 10_000)) {
            tree.add(mapTree(item.node()));
        }
        int[] onePass = {0};
        List<MappedRecord> streamed = parser.mapJson(bytes, 10_000, new BatchParser.Mapping() {
            @Override
            public MappedRecord read(JsonParser json, byte[] b) {
                MappedRecord record = mapper.read(json, b, "acme", RECEIVED);
                if (record != null) {
                    onePass[0]++;
                }
                return record;
            }

            @Override
            public MappedRecord map(JsonNode record) {
                return mapTree(record);
            }
        });
        return new Both(tree, streamed, onePass[0]);
    }

    MappedRecord mapTree(JsonNode node) {
        try {
            return mapper.map(node, "acme", RECEIVED);
        } catch (InvalidRecordException e) {
            String id = node.path("id").isString() ? node.get("id").stringValue() : null;
            return new MappedRecord.Rejected(id, e.reason(), e.getMessage());
        }
    }

    static void assertSame(Both both) {
        assertThat(both.streamed()).hasSameSizeAs(both.tree());
        for (int i = 0; i < both.tree().size(); i++) {
            MappedRecord tree = both.tree().get(i);
            MappedRecord streamed = both.streamed().get(i);
            assertThat(streamed.getClass()).as("record %d", i).isEqualTo(tree.getClass());
            if (tree instanceof MappedRecord.Rejected no) {
                assertThat(streamed).as("record %d", i).isEqualTo(no);
                continue;
            }
            Envelope a = ((MappedRecord.Accepted) tree).envelope();
            Envelope b = ((MappedRecord.Accepted) streamed).envelope();
            boolean generatedId = !a.id().equals(b.id());
            ObjectNode pa = (ObjectNode) a.payload().deepCopy();
            ObjectNode pb = (ObjectNode) b.payload().deepCopy();
            if (generatedId) {
                // both generated one (the record had none): everything else must match
                pa.remove("id");
                pb.remove("id");
            }
            assertThat(b.org()).isEqualTo(a.org());
            assertThat(b.stream()).isEqualTo(a.stream());
            assertThat(b.type()).isEqualTo(a.type());
            assertThat(b.timestamp()).as("record %d", i).isEqualTo(a.timestamp());
            assertThat(pb).as("record %d", i).isEqualTo(pa);
        }
    }

    @Test
    void usualRecords_areReadInOnePass_andMatchTheTree() {
        Both both = both("""
                [{"id":"a1","level":"INFO","service":"checkout","stream":"Checkout-Logs","message":"order placed",
                  "attributes":{"order_id":"o-1","amount":129.50,"big":12345678901234567890,"exp":1e3,
                                "nested":{"list":[1,"two",null,true,{"x":-0.0}]},"text":"caf\\u00e9 \\"q\\" é 中"}},
                 {"id":"a2","level":"warn","service":"cart","message":"m","timestamp":"2026-11-25T11:59:00.123456Z",
                  "trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736","span_id":"00F067AA0BA902B7","attributes":null},
                 {"id":"a3","level":"error","service":"cart","message":"m","timestamp":1764071940123,"attributes":{}},
                 {"level":"debug","service":"search","message":"no id","timestamp":"1764071940.5"},
                 {"id":"a5","level":"info","service":"x","message":"dup","attributes":{"k":1},"attributes":{"k":2}},
                 {"id":"a6","level":null,"service":"x","message":"m","stream":null}]
                """);
        assertSame(both);
        assertThat(both.readInOnePass()).isEqualTo(6);
        assertThat(both.streamed().get(5)).isInstanceOf(MappedRecord.Rejected.class);
    }

    @Test
    void unusualRecords_fallBackToTheTree_withTheSameOutcome() {
        Both both = both("""
                [{"id":"b1","level":"info","service":"x","message":"m","user":"u-1","attributes":{"user":"kept"}},
                 {"id":"b2","level":1,"service":"x","message":"m"},
                 {"id":"b3","level":"info","service":"x","message":"m","attributes":[1,2]},
                 {"id":"b4","level":"info","service":"x","message":"m","attributes":"text"},
                 {"id":"b5","level":"info","service":"x","message":{"nested":true}},
                 {"id":7,"level":"info","service":"x","message":"m"},
                 {"id":"b7","level":"info","service":"x","message":"m","timestamp":{"a":1}},
                 {"id":"b8","level":"info","service":"x","message":"m","timestamp":"yesterday"},
                 {"id":"b9","level":"info","service":"x","message":"m","trace_id":"not-hex"},
                 {"extra":[1,{"a":"b"}],"id":"b10","level":"info","service":"x","message":"m"},
                 "a string", 42, null, [1], {}]
                """);
        assertSame(both);
        // the fields outside the model (b1, b10) and values of other types (b2-b6) go through the tree; the bad
        // timestamps (b7, b8), the bad trace id (b9) and the empty record are read and rejected in one pass
        assertThat(both.readInOnePass()).isEqualTo(4);
    }

    @Test
    void oneRecordBody_andNonUtf8Body_matchTheTree() {
        assertSame(both(
                "{\"id\":\"c1\",\"level\":\"info\",\"service\":\"x\",\"message\":\"m\",\"attributes\":{\"a\":1}}"));

        byte[] utf16 =
                "[{\"id\":\"c2\",\"level\":\"info\",\"service\":\"x\",\"message\":\"m\",\"attributes\":{\"a\":\"é\"}}]"
                        .getBytes(StandardCharsets.UTF_16BE);
        List<MappedRecord> streamed = parser.mapJson(utf16, 10, new BatchParser.Mapping() {
            @Override
            public MappedRecord read(JsonParser json, byte[] b) {
                throw new AssertionError("a UTF-16 body has no byte offsets to read by");
            }

            @Override
            public MappedRecord map(JsonNode record) {
                return mapTree(record);
            }
        });
        MappedRecord.Accepted accepted = (MappedRecord.Accepted) streamed.get(0);
        assertThat(accepted.envelope().payload().at("/attributes/a").asString()).isEqualTo("é");
    }

    @Test
    void randomRecords_matchTheTree() {
        Random random = new Random(42);
        String[] keys = {"id", "level", "service", "message", "trace_id", "span_id", "stream", "timestamp", "attributes"
        };
        String[] strings = {
            "\"info\"",
            "\"ERROR\"",
            "\"a b\"",
            "\"\"",
            "\"  \"",
            "\"x\\u0041\\n\"",
            "\"Stream-Name\"",
            "\"4bf92f3577b34da6a3ce929d0e0e4736\"",
            "\"00f067aa0ba902b7\"",
            "\"2026-11-25T11:00:00Z\"",
            "\"중문\""
        };
        String[] others = {"null", "1", "-2.5", "true", "[]", "{\"a\":[1,{\"b\":null}]}", "1764071940123", "{}"};
        StringBuilder body = new StringBuilder("[");
        for (int r = 0; r < 2_000; r++) {
            body.append(r == 0 ? "{" : ",{");
            body.append("\"id\":\"r").append(r).append('"');
            int fields = random.nextInt(keys.length + 2);
            for (int f = 0; f < fields; f++) {
                String key = random.nextInt(12) == 0 ? "extra" + random.nextInt(3) : keys[random.nextInt(keys.length)];
                if (key.equals("id")) {
                    continue;
                }
                String value = random.nextInt(4) == 0
                        ? others[random.nextInt(others.length)]
                        : strings[random.nextInt(strings.length)];
                body.append(",\"").append(key).append("\":").append(value);
            }
            body.append('}');
        }
        Both both = both(body.append(']').toString());
        assertSame(both);
        assertThat(both.readInOnePass()).isGreaterThan(100).isLessThan(2_000);
    }
}
