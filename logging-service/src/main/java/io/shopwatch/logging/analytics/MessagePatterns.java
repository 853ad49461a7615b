package io.shopwatch.logging.analytics;

/**
 * The pattern of a log message as a SQL expression, so that the store groups "order 1234 failed" and "order 5678
 * failed" as one error and counts every record, however many distinct messages there are. In this order: quoted
 * strings (up to 199 characters between {@code "} or {@code '}) become {@code <s>}, e-mail addresses {@code <email>},
 * runs of 8 or more hexadecimal digits and dashes (ids, UUIDs, hashes, dates) {@code <id>}, numbers (also
 * {@code 1.5} and the digits inside a word, {@code user42}) {@code <n>}; the first 300 characters are kept, trimmed.
 *
 * <p>Only {@code regexp_replace(text, pattern, replacement, 'g')}, {@code substr} and {@code trim}, with patterns in the
 * syntax that Rust's {@code regex} (OpenObserve) and RE2 (the embedded store's DuckDB) read the same way: character
 * classes, no backslashes, no look-around.
 */
final class MessagePatterns {

    /** Longest pattern kept: the start of a message is what tells errors apart. */
    static final int MAX_LENGTH = 300;

    private static final String[][] REPLACEMENTS = {
        {"\"[^\"]{0,199}\"", "<s>"},
        {"'[^']{0,199}'", "<s>"},
        {"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)+", "<email>"},
        {"[0-9A-Fa-f][0-9A-Fa-f-]{6,}[0-9A-Fa-f]", "<id>"},
        {"[0-9]+([.][0-9]+)*", "<n>"},
    };

    private MessagePatterns() {}

    /** The pattern of the text column {@code column} (already quoted if it needs to be). */
    static String sql(String column) {
        String expression = column;
        for (String[] replacement : REPLACEMENTS) {
            expression = "regexp_replace(" + expression + ", " + Sql.literal(replacement[0]) + ", "
                    + Sql.literal(replacement[1]) + ", 'g')";
        }
        return "trim(substr(" + expression + ", 1, " + MAX_LENGTH + "))";
    }
}
