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
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + document.size() * 48);
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(document.length + 160);
        out.writeBytes(ID);
        out.writeBytes(QUOTE.quoteAsUTF8(record.id()));
        out.writeBytes(ORG);
        out.writeBytes(QUOTE.quoteAsUTF8(record.org()));
        out.writeBytes(STREAM);
        out.writeBytes(QUOTE.quoteAsUTF8(record.stream()));
        out.writeBytes(TYPE);
        out.writeBytes(ascii(record.type().name()));
        out.writeBytes(TIMESTAMP);
        out.writeBytes(ascii(Long.toString(record.timestampMicros())));
        out.writeBytes(PAYLOAD);
        out.writeBytes(document);
        out.write('}');
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
