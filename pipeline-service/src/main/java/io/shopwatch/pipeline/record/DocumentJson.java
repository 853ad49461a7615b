package io.shopwatch.pipeline.record;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the bytes that leave the pipeline: a stored document as one JSON object (written once per record), the
 * {@code _json} request body as those objects joined into an array, and the {@code shopwatch.stored} record as the
 * envelope header in the contract's order followed by the same document bytes as {@code payload}.
 */
public final class DocumentJson {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

    private static final byte[] ID = ascii("{\"id\":\"");
    private static final byte[] ORG = ascii("\",\"org\":\"");
    private static final byte[] STREAM = ascii("\",\"stream\":\"");
    private static final byte[] TYPE = ascii("\",\"type\":\"");
    private static final byte[] TIMESTAMP = ascii("\",\"timestamp\":");
    private static final byte[] PAYLOAD = ascii(",\"payload\":");

    private DocumentJson() {}

    /** A flat document as a JSON object, fields in the document's order. */
    public static byte[] write(Map<String, Object> document) {
        Buffer out = BUFFER.get();
        out.reset();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            for (Map.Entry<String, Object> field : document.entrySet()) {
                generator.writeName(field.getKey());
                Object value = field.getValue();
                if (value instanceof String text) {
                    generator.writeString(text);
                } else if (value instanceof Long number) {
                    generator.writeNumber(number);
                } else if (value instanceof Double number) {
                    generator.writeNumber(number);
                } else if (value instanceof Boolean flag) {
                    generator.writeBoolean(flag);
                } else if (value instanceof Integer number) {
                    generator.writeNumber(number);
                } else if (value instanceof BigInteger number) {
                    generator.writeNumber(number);
                } else if (value == null) {
                    generator.writeNull();
                } else {
                    generator.writePOJO(value);
                }
            }
            generator.writeEndObject();
        }
        return out.toByteArray();
    }

    /** A per-thread buffer the documents are written into, so that only the final copy is allocated. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(4096);
        }

        @Override
        public void reset() {
            super.reset();
            if (buf.length > 1 << 20) {
                buf = new byte[4096]; // do not keep a large record's buffer for ever
            }
        }
    }

    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);

    /** JSON objects joined into one array: {@code [a,b,c]}. */
    public static byte[] array(List<byte[]> objects) {
        int size = 2 + Math.max(0, objects.size() - 1);
        for (byte[] object : objects) {
            size += object.length;
        }
        byte[] body = new byte[size];
        int at = 0;
        body[at++] = '[';
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] object = objects.get(i);
            System.arraycopy(object, 0, body, at, object.length);
            at += object.length;
        }
        body[at] = ']';
        return body;
    }

    /**
     * The {@code shopwatch.stored} value of a record: {@code {"id","org","stream","type","timestamp":<micros>,
     * "payload":<the stored document>}}, the document being the bytes of {@link PipelineRecord#json()}.
     */
    public static byte[] storedEnvelope(PipelineRecord record) {
        byte[] document = record.json();
        byte[] id = quoted(record.id());
        byte[] org = quoted(record.org());
        byte[] stream = quoted(record.stream());
        byte[] type = ascii(record.type().name());
        byte[] timestamp = ascii(Long.toString(record.timestampMicros()));
        int size = ID.length
                + id.length
                + ORG.length
                + org.length
                + STREAM.length
                + stream.length
                + TYPE.length
                + type.length
                + TIMESTAMP.length
                + timestamp.length
                + PAYLOAD.length
                + document.length
                + 1;
        byte[] out = new byte[size];
        int at = 0;
        at = put(out, at, ID);
        at = put(out, at, id);
        at = put(out, at, ORG);
        at = put(out, at, org);
        at = put(out, at, STREAM);
        at = put(out, at, stream);
        at = put(out, at, TYPE);
        at = put(out, at, type);
        at = put(out, at, TIMESTAMP);
        at = put(out, at, timestamp);
        at = put(out, at, PAYLOAD);
        at = put(out, at, document);
        out[at] = '}';
        return out;
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    /** A JSON string's content: as it is when it is printable ASCII without quotes or backslashes, else escaped. */
    private static byte[] quoted(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return QUOTE.quoteAsUTF8(text);
            }
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
