package io.shopwatch.common.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decides whether a raw (still percent-encoded) request path may be routed and authorised at all. Authorisation
 * works on the path as sent, while a server behind may decode or normalise it into another path: {@code
 * /api/shop-a/../shop-b/_search} is org {@code shop-a} to a check on the raw path and org {@code shop-b} to a server
 * that removes dot segments. Every form that a server may turn into another path is therefore refused, before
 * anything else looks at the request:
 *
 * <ul>
 *   <li>dot segments ({@code .}, {@code ..}), also percent-encoded ({@code %2e}, {@code %2E}, {@code .%2E}, ...);
 *   <li>encoded slashes and backslashes ({@code %2f}, {@code %5c}), and a raw backslash;
 *   <li>empty segments ({@code //});
 *   <li>NUL and other control characters, raw or encoded ({@code %00});
 *   <li>path parameters ({@code ;}, {@code %3b}): Tomcat drops them, so {@code /..;/} is a dot segment there;
 *   <li>an encoded percent sign ({@code %25}): double encoding ({@code %252e}) is never needed in a ShopWatch path, and
 *       a server that decodes twice would see a dot or a slash;
 *   <li>malformed percent-encoding and bytes that are not UTF-8.
 * </ul>
 *
 * Only the path is checked; the query string is never used for routing or authorisation. Plain Java: the gateway's
 * {@code PathFirewallFilter} and every MVC service's servlet filter use the same rules.
 */
public final class PathFirewall {

    private PathFirewall() {}

    /** Why the raw path is refused, or empty when it may be served. */
    public static Optional<String> check(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return Optional.empty();
        }
        if (rawPath.contains("//")) {
            return refuse("an empty path segment (//)");
        }
        int start = rawPath.charAt(0) == '/' ? 1 : 0;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            Optional<String> reason = checkSegment(rawPath, start, end);
            if (reason.isPresent()) {
                return reason;
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    private static Optional<String> checkSegment(String path, int start, int end) {
        ByteBuffer bytes = ByteBuffer.allocate((end - start) * 4);
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= end) {
                    return refuse("malformed percent-encoding");
                }
                int high = Character.digit(path.charAt(i + 1), 16);
                int low = Character.digit(path.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return refuse("malformed percent-encoding");
                }
                int b = (high << 4) | low;
                Optional<String> reason =
                        switch (b) {
                            case '/' -> refuse("an encoded slash (%2F)");
                            case '\\' -> refuse("an encoded backslash (%5C)");
                            case '%' -> refuse("an encoded percent sign (%25, double encoding)");
                            case ';' -> refuse("an encoded semicolon (%3B)");
                            default ->
                                b < 0x20 || b == 0x7f ? refuse("an encoded control character (%00-%1F, %7F)") : none();
                        };
                if (reason.isPresent()) {
                    return reason;
                }
                bytes.put((byte) b);
                i += 2;
            } else if (c == '\\') {
                return refuse("a backslash");
            } else if (c == ';') {
                return refuse("a path parameter (;)");
            } else if (c < 0x20 || c == 0x7f) {
                return refuse("a control character");
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                int codePoint = path.codePointAt(i);
                bytes.put(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        bytes.flip();
        String segment;
        try {
            segment = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            return refuse("percent-encoded bytes that are not UTF-8");
        }
        if (segment.equals(".") || segment.equals("..")) {
            return refuse("a dot segment (" + path.substring(start, end) + ")");
        }
        return Optional.empty();
    }

    private static Optional<String> refuse(String what) {
        return Optional.of("the request path contains " + what);
    }

    private static Optional<String> none() {
        return Optional.empty();
    }
}
