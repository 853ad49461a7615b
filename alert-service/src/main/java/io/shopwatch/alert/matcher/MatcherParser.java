package io.shopwatch.alert.matcher;

import io.shopwatch.alert.core.AlertmanagerStrings;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Alertmanager's matcher syntax as used in {@code matchers:} lists, {@code amtool} and the API's
 * {@code filter} parameter: an optional pair of braces around comma-separated matchers {@code name op value}, where
 * the name is a classic label name or a double-quoted string and the value is double-quoted or bare.
 */
public final class MatcherParser {

    private final String input;
    private int pos;

    private MatcherParser(String input) {
        this.input = input;
    }

    /** Parses a list of matchers; throws {@link IllegalArgumentException} with the reason and position. */
    public static List<Matcher> parse(String text) {
        return new MatcherParser(text.strip()).parseAll();
    }

    /** Parses exactly one matcher. */
    public static Matcher parseOne(String text) {
        List<Matcher> all = parse(text);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected one matcher, found " + all.size() + " in " + text);
        }
        return all.get(0);
    }

    static String formatName(String name) {
        return isClassicName(name) ? name : AlertmanagerStrings.quote(name);
    }

    static boolean isClassicName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_'
                    || c == ':'
                    || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private List<Matcher> parseAll() {
        List<Matcher> out = new ArrayList<>();
        boolean braces = peek() == '{';
        if (braces) {
            pos++;
        }
        skipSpaces();
        if (braces && peek() == '}') {
            pos++;
            expectEnd();
            return out;
        }
        while (true) {
            skipSpaces();
            if (atEnd() || (braces && peek() == '}')) {
                break; // trailing comma
            }
            out.add(parseMatcher(braces));
            skipSpaces();
            if (atEnd() || (braces && peek() == '}')) {
                break;
            }
            if (peek() != ',') {
                throw error("expected a comma or the end of the matchers");
            }
            pos++;
        }
        if (braces) {
            if (peek() != '}') {
                throw error("missing closing '}'");
            }
            pos++;
        }
        expectEnd();
        if (out.isEmpty() && !braces) {
            throw error("no matchers");
        }
        return out;
    }

    private Matcher parseMatcher(boolean braces) {
        String name = peek() == '"' ? quoted() : bareName();
        if (name.isEmpty()) {
            throw error("expected a label name");
        }
        skipSpaces();
        Matcher.Type type;
        if (input.startsWith("=~", pos)) {
            type = Matcher.Type.REGEX;
            pos += 2;
        } else if (input.startsWith("!~", pos)) {
            type = Matcher.Type.NOT_REGEX;
            pos += 2;
        } else if (input.startsWith("!=", pos)) {
            type = Matcher.Type.NOT_EQUAL;
            pos += 2;
        } else if (input.startsWith("=", pos)) {
            type = Matcher.Type.EQUAL;
            pos += 1;
        } else {
            throw error("expected an operator (=, !=, =~, !~) after " + AlertmanagerStrings.quote(name));
        }
        skipSpaces();
        String value = peek() == '"' ? quoted() : bareValue(braces);
        return Matcher.of(name, type, value);
    }

    private String bareName() {
        int start = pos;
        while (!atEnd()) {
            char c = input.charAt(pos);
            if (c == '=' || c == '!' || c == ',' || c == '{' || c == '}' || Character.isWhitespace(c)) {
                break;
            }
            pos++;
        }
        return input.substring(start, pos);
    }

    private String bareValue(boolean braces) {
        int start = pos;
        while (!atEnd()) {
            char c = input.charAt(pos);
            if (c == ',' || (braces && c == '}')) {
                break;
            }
            if (c == '"') {
                throw error("unexpected quote in an unquoted value");
            }
            pos++;
        }
        return input.substring(start, pos).strip();
    }

    private String quoted() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (!atEnd()) {
            char c = input.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (atEnd()) {
                    break;
                }
                char e = input.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '\\' -> out.append('\\');
                    case '"' -> out.append('"');
                    case 'u' -> {
                        if (pos + 4 > input.length()) {
                            throw error("bad \\u escape");
                        }
                        out.append((char) Integer.parseInt(input.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    // other escapes keep the backslash, so that regular expressions like "\d" survive
                    default -> out.append('\\').append(e);
                }
            } else {
                out.append(c);
            }
        }
        throw error("unterminated quoted string");
    }

    private void skipSpaces() {
        while (!atEnd() && Character.isWhitespace(input.charAt(pos))) {
            pos++;
        }
    }

    private void expectEnd() {
        skipSpaces();
        if (!atEnd()) {
            throw error("unexpected text after the matchers");
        }
    }

    private char peek() {
        return atEnd() ? '\0' : input.charAt(pos);
    }

    private boolean atEnd() {
        return pos >= input.length();
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at position " + pos + " of " + AlertmanagerStrings.quote(input));
    }
}
