package io.shopwatch.logging.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * A regular expression of the simplest kind, matched without {@link java.util.regex}: a sequence of ASCII character
 * classes ({@code [a-z0-9_-]}), each with an optional count ({@code {32}}), the last one also with a range
 * ({@code {0,127}}). That is what the event model's {@code @Pattern}s are ({@code [0-9a-f]{32}},
 * {@code [a-zA-Z][a-zA-Z0-9_]{0,127}}); anything else is not compiled ({@link #compile} gives {@code null}) and stays
 * with {@link java.util.regex.Pattern}. Matching is a whole-string match, like {@code Matcher.matches()}; with only the
 * last element of variable length no backtracking is ever needed.
 */
final class CharClassPattern {

    private final boolean[][] classes;
    private final int fixed;
    private final int lastMin;
    private final int lastMax;

    private CharClassPattern(boolean[][] classes, int lastMin, int lastMax) {
        this.classes = classes;
        this.fixed = classes.length - 1;
        this.lastMin = lastMin;
        this.lastMax = lastMax;
    }

    /** The compiled form of {@code regex}, or {@code null} when it is not of the supported kind. */
    static CharClassPattern compile(String regex) {
        List<boolean[]> classes = new ArrayList<>();
        int lastMin = 1;
        int lastMax = 1;
        int i = 0;
        while (i < regex.length()) {
            if (lastMin != lastMax) {
                return null; // a variable count before the end
            }
            if (regex.charAt(i) != '[') {
                return null;
            }
            int close = regex.indexOf(']', i + 1);
            if (close < 0) {
                return null;
            }
            boolean[] set = charClass(regex.substring(i + 1, close));
            if (set == null) {
                return null;
            }
            i = close + 1;
            int min = 1;
            int max = 1;
            if (i < regex.length() && regex.charAt(i) == '{') {
                int end = regex.indexOf('}', i);
                if (end < 0) {
                    return null;
                }
                String[] bounds = regex.substring(i + 1, end).split(",", -1);
                try {
                    min = Integer.parseInt(bounds[0]);
                    max = bounds.length == 1 ? min : Integer.parseInt(bounds[1]);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (bounds.length > 2 || min < 0 || max < min) {
                    return null;
                }
                i = end + 1;
            }
            // a fixed count n is n copies of the class
            if (min == max) {
                for (int k = 0; k < min - 1; k++) {
                    classes.add(set);
                }
            }
            if (min == 0 && max == 0) {
                continue;
            }
            classes.add(set);
            lastMin = min == max ? 1 : min;
            lastMax = min == max ? 1 : max;
        }
        if (classes.isEmpty()) {
            return null;
        }
        return new CharClassPattern(classes.toArray(new boolean[0][]), lastMin, lastMax);
    }

    /** The members of a class body such as {@code a-zA-Z0-9_-}; {@code null} for negation, escapes, non-ASCII. */
    private static boolean[] charClass(String body) {
        if (body.isEmpty() || body.charAt(0) == '^') {
            return null;
        }
        boolean[] set = new boolean[128];
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c >= 128 || c == '\\' || c == '[' || c == '&') {
                return null;
            }
            if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
                char to = body.charAt(i + 2);
                if (to >= 128 || to == '\\' || to == '[' || to < c) {
                    return null;
                }
                for (char x = c; x <= to; x++) {
                    set[x] = true;
                }
                i += 2;
            } else {
                set[c] = true;
            }
        }
        return set;
    }

    /** Whether the whole of {@code value} matches. */
    boolean matches(CharSequence value) {
        int length = value.length();
        int last = length - fixed;
        if (last < lastMin || last > lastMax) {
            return false;
        }
        for (int i = 0; i < fixed; i++) {
            if (!member(classes[i], value.charAt(i))) {
                return false;
            }
        }
        boolean[] tail = classes[fixed];
        for (int i = fixed; i < length; i++) {
            if (!member(tail, value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean member(boolean[] set, char c) {
        return c < 128 && set[c];
    }
}
