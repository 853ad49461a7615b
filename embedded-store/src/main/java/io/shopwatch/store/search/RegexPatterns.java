package io.shopwatch.store.search;

/**
 * What {@code regexp_match} needs to know about a pattern before DuckDB runs it: how many capturing groups it has
 * (the answer is the list of their matches) and the pattern in RE2's syntax (Rust's {@code (?<name>...)} is RE2's
 * {@code (?P<name>...)}).
 */
final class RegexPatterns {

    private RegexPatterns() {}

    /** The pattern with Rust-style named groups {@code (?<name>} written as RE2's {@code (?P<name>}. */
    static String toRe2(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length() + 4);
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                out.append(c).append(pattern.charAt(++i));
                continue;
            }
            if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == ']') {
                    out.append(c).append(pattern.charAt(++i));
                    continue;
                }
            } else if (c == '('
                    && pattern.startsWith("?<", i + 1)
                    && i + 3 < pattern.length()
                    && pattern.charAt(i + 3) != '='
                    && pattern.charAt(i + 3) != '!') {
                out.append("(?P<");
                i += 2;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The number of capturing groups: {@code (...)} and named groups, not {@code (?:...)} or flag groups. */
    static int captureGroups(String pattern) {
        int groups = 0;
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                continue;
            }
            if (c == '[') {
                inClass = true;
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '?') {
                    if (pattern.startsWith("?P<", i + 1) || isNamed(pattern, i)) {
                        groups++;
                    }
                } else {
                    groups++;
                }
            }
        }
        return groups;
    }

    private static boolean isNamed(String pattern, int open) {
        return pattern.startsWith("?<", open + 1)
                && open + 3 < pattern.length()
                && pattern.charAt(open + 3) != '='
                && pattern.charAt(open + 3) != '!';
    }
}
