package io.shopwatch.logging.ingest;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JsonParser;
import tools.jackson.core.SerializableString;

/**
 * A JSON value exactly as it stands in a request body (a range of its UTF-8 bytes, already read by the parser), for
 * {@link tools.jackson.core.JsonGenerator#writeRawValue(SerializableString)}: the UTF-8 generator copies the bytes into
 * its buffer, with no decoding or re-encoding. Only the unquoted forms are meaningful; the value is never a string to
 * quote.
 */
public final class RawJson implements SerializableString {

    private final byte[] source;
    private final int offset;
    private final int length;

    RawJson(byte[] source, int offset, int length) {
        this.source = source;
        this.offset = offset;
        this.length = length;
    }

    /**
     * The object or array the parser is at, as it stands in {@code body}; the parser is left at its end. The parser
     * has read every token of it, so the bytes are well-formed JSON in valid UTF-8.
     *
     * @param parser at a {@code START_OBJECT} or {@code START_ARRAY}, over {@code body} (UTF-8, byte offsets)
     */
    public static RawJson ofValue(JsonParser parser, byte[] body) {
        long from = parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        long to = parser.currentTokenLocation().getByteOffset() + 1;
        if (from < 0 || to > body.length || to <= from) {
            throw new IllegalStateException("the parser does not give byte offsets into the body");
        }
        return new RawJson(body, (int) from, (int) (to - from));
    }

    @Override
    public String getValue() {
        return new String(source, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return Arrays.copyOfRange(source, offset, offset + length);
    }

    @Override
    public byte[] asQuotedUTF8() {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int at) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendQuoted(char[] buffer, int at) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int at) {
        if (buffer.length - at < length) {
            return -1;
        }
        System.arraycopy(source, offset, buffer, at, length);
        return length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int at) {
        String value = getValue();
        if (buffer.length - at < value.length()) {
            return -1;
        }
        value.getChars(0, value.length(), buffer, at);
        return value.length();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws java.io.IOException {
        out.write(source, offset, length);
        return length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (buffer.remaining() < length) {
            return -1;
        }
        buffer.put(source, offset, length);
        return length;
    }

    @Override
    public String toString() {
        return getValue();
    }
}
