package io.shopwatch.alert.notify.channel;

import io.shopwatch.alert.notify.DeliveryException;
import java.nio.charset.StandardCharsets;

/** Shortening texts to a provider's limit without splitting a character. */
final class Truncation {

    /** Appended where a text was cut. */
    static final String MARKER = "\n\n…(truncated)";

    /** Shaping a message body around a text. */
    @FunctionalInterface
    interface BodyOfText {
        byte[] body(String text);
    }

    private Truncation() {}

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return bytes;
    }

    /** The longest prefix of whole characters whose UTF-8 form has at most {@code maxBytes} bytes. */
    static String utf8Prefix(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    /** The text, or its start and {@code marker}, within {@code maxBytes} UTF-8 bytes. */
    static String toBytes(String text, int maxBytes, String marker) {
        if (utf8Length(text) <= maxBytes) {
            return text;
        }
        return utf8Prefix(text, Math.max(0, maxBytes - utf8Length(marker))) + marker;
    }

    /** The text, or its start and {@code marker}, within {@code max} characters (code points). */
    static String toCodePoints(String text, int max, String marker) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        int keep = Math.max(0, max - marker.codePointCount(0, marker.length()));
        return text.substring(0, text.offsetByCodePoints(0, keep)) + marker;
    }

    /**
     * The body built around {@code text}, with the text cut (and marked) to the longest prefix for which the whole
     * body has at most {@code limit} bytes. Escaping makes the text's share of the body larger than its own length,
     * so the prefix is found by bisection on its UTF-8 length rather than computed.
     *
     * @throws DeliveryException permanent, when even an empty text leaves the body too large
     */
    static byte[] fit(String type, String text, int limit, BodyOfText shape) throws DeliveryException {
        byte[] body = shape.body(text);
        if (body.length <= limit) {
            return body;
        }
        byte[] best = shape.body(MARKER.strip());
        if (best.length > limit) {
            throw new DeliveryException(
                    type + ": message larger than " + limit + " bytes even without its text", false, 0);
        }
        int low = 0;
        int high = utf8Length(text);
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            byte[] candidate = shape.body(utf8Prefix(text, mid) + MARKER);
            if (candidate.length <= limit) {
                best = candidate;
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return best;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
