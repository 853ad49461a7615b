package io.shopwatch.performance.cache;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Parses a query's SQL once: its normal form (whitespace and keyword case do not matter), the streams it reads, and
 * whether its answer depends on anything but the data and the request (the clock, randomness).
 */
public final class SqlNormaliser {

    /** Functions whose value changes from one call to the next: an answer using them is never cached. */
    private static final Pattern VOLATILE = Pattern.compile(
            "\\b(now|current_timestamp|current_time|current_date|localtimestamp|localtime|random|uuid|gen_random_uuid"
                    + "|today|get_current_timestamp)\\b",
            Pattern.CASE_INSENSITIVE);

    private SqlNormaliser() {}

    /**
     * A parsed query.
     *
     * @param normalised the SQL as the parser prints it back
     * @param streams the tables (streams) it reads, without quotes
     * @param deterministic false when it calls a function of the clock or of chance
     */
    public record ParsedSql(String normalised, Set<String> streams, boolean deterministic) {}

    /** The parsed query, or empty when the SQL is not one SELECT the parser understands. */
    public static Optional<ParsedSql> parse(String sql) {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException | RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
        if (!(statement instanceof Select)) {
            return Optional.empty();
        }
        String normalised = statement.toString();
        Set<String> streams = new LinkedHashSet<>();
        try {
            for (String table : TablesNamesFinder.findTables(sql)) {
                streams.add(unquote(table));
            }
        } catch (JSQLParserException | RuntimeException e) {
            return Optional.empty();
        }
        boolean deterministic = !VOLATILE.matcher(normalised).find();
        return Optional.of(new ParsedSql(normalised, streams, deterministic));
    }

    /** {@code "Default"} → {@code default}; a schema prefix ({@code "metrics".x}) is dropped. */
    static String unquote(String table) {
        String name = table;
        int dot = lastDotOutsideQuotes(name);
        if (dot >= 0) {
            name = name.substring(dot + 1);
        }
        if (name.length() >= 2
                && ((name.startsWith("\"") && name.endsWith("\""))
                        || (name.startsWith("`") && name.endsWith("`"))
                        || (name.startsWith("[") && name.endsWith("]")))) {
            name = name.substring(1, name.length() - 1);
        }
        // compared without case: dropping one answer too many is harmless, keeping a stale one is not
        return name.toLowerCase(Locale.ROOT);
    }

    private static int lastDotOutsideQuotes(String name) {
        boolean quoted = false;
        int last = -1;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '`') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                last = i;
            }
        }
        return last;
    }
}
