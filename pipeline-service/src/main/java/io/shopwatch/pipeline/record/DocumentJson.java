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

    /**
     * A flat document as a JSON object, fields in the document's order, byte for byte what Jackson's generator writes
     * for it. Documents of text, integers, finite doubles, booleans and nulls (all of them, in practice) are written
     * straight into a per-thread byte buffer; anything else (a nested value, NaN, an unpaired surrogate) goes through
     * the generator.
     */
    public static byte[] write(Map<String, Object> document) {
        Bytes out = BYTES.get();
        out.reset();
        if (writeDirect(document, out)) {
            return out.copy();
        }
        return writeWithGenerator(document);
    }

    private static boolean writeDirect(Map<String, Object> document, Bytes out) {
        out.put((byte) '{');
        boolean first = true;
        for (Map.Entry<String, Object> field : document.entrySet()) {
            if (!first) {
                out.put((byte) ',');
            }
            first = false;
            if (!out.string(field.getKey())) {
                return false;
            }
            out.put((byte) ':');
            Object value = field.getValue();
            if (value instanceof String text) {
                if (!out.string(text)) {
                    return false;
                }
            } else if (value instanceof Long number) {
                out.ascii(Long.toString(number));
            } else if (value instanceof Double number) {
                if (!Double.isFinite(number)) {
                    return false;
                }
                out.ascii(Double.toString(number));
            } else if (value instanceof Boolean flag) {
                out.ascii(flag ? "true" : "false");
            } else if (value instanceof Integer number) {
                out.ascii(Integer.toString(number));
            } else if (value instanceof BigInteger number) {
                out.ascii(number.toString());
            } else if (value == null) {
                out.ascii("null");
            } else {
                return false;
            }
        }
        out.put((byte) '}');
        return true;
    }

    private static byte[] writeWithGenerator(Map<String, Object> document) {
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

    /**
     * A growable byte array that writes JSON strings the way Jackson's UTF-8 generator does by default: {@code "}
     * and {@code \\} escaped, {@code \b \t \n \f \r} as two characters, other control characters as
     * a backslash, u and four hex digits (upper-case hex), everything else as UTF-8.
     */
    private static final class Bytes {
        private static final byte[] HEX = DocumentJson.ascii("0123456789ABCDEF");
        private byte[] buf = new byte[4096];
        private int size;

        void reset() {
            size = 0;
            if (buf.length > 1 << 20) {
                buf = new byte[4096]; // do not keep a large record's buffer for ever
            }
        }

        byte[] copy() {
            return java.util.Arrays.copyOf(buf, size);
        }

        void put(byte b) {
            if (size == buf.length) {
                grow(1);
            }
            buf[size++] = b;
        }

        void ascii(String text) {
            int length = text.length();
            if (size + length > buf.length) {
                grow(length);
            }
            for (int i = 0; i < length; i++) {
                buf[size++] = (byte) text.charAt(i);
            }
        }

        /** The quoted string, or {@code false} (nothing to rely on written) for an unpaired surrogate. */
        boolean string(String text) {
            int length = text.length();
            // worst case: 6 bytes (backslash, u, four hex digits) per char, and 2 quotes
            if (size + 6 * length + 2 > buf.length) {
                grow(6 * length + 2);
            }
            byte[] b = buf;
            int at = size;
            b[at++] = '"';
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    if (c >= 0x20 && c != '"' && c != '\\') {
                        b[at++] = (byte) c;
                        continue;
                    }
                    b[at++] = '\\';
                    switch (c) {
                        case '"' -> b[at++] = '"';
                        case '\\' -> b[at++] = '\\';
                        case '\b' -> b[at++] = 'b';
                        case '\t' -> b[at++] = 't';
                        case '\n' -> b[at++] = 'n';
                        case '\f' -> b[at++] = 'f';
                        case '\r' -> b[at++] = 'r';
                        default -> {
                            b[at++] = 'u';
                            b[at++] = '0';
                            b[at++] = '0';
                            b[at++] = HEX[c >> 4];
                            b[at++] = HEX[c & 0xF];
                        }
                    }
                } else if (c < 0x800) {
                    b[at++] = (byte) (0xC0 | (c >> 6));
                    b[at++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    if (!Character.isHighSurrogate(c)
                            || i + 1 == length
                            || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return false;
                    }
                    int point = Character.toCodePoint(c, text.charAt(++i));
                    b[at++] = (byte) (0xF0 | (point >> 18));
                    b[at++] = (byte) (0x80 | ((point >> 12) & 0x3F));
                    b[at++] = (byte) (0x80 | ((point >> 6) & 0x3F));
                    b[at++] = (byte) (0x80 | (point & 0x3F));
                } else {
                    b[at++] = (byte) (0xE0 | (c >> 12));
                    b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[at++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            b[at++] = '"';
            size = at;
            return true;
        }

        private void grow(int more) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    private static final ThreadLocal<Bytes> BYTES = ThreadLocal.withInitial(Bytes::new);

    /** A per-thread buffer the generator writes documents into, so that only the final copy is allocated. */
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
