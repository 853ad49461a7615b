package io.shopwatch.performance.cache;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Recognises the one query shape whose answer over {@code [a, c)} is the concatenation of its answers over {@code [a,
 * b)} and {@code [b, c)} when {@code b} is a bucket boundary: one row per histogram bucket of a single stream,
 *
 * <pre>SELECT histogram(_timestamp, '10 minute') AS k, &lt;aggregates&gt; FROM s [WHERE &lt;row filter&gt;]
 * GROUP BY k ORDER BY k [ASC|DESC]</pre>
 *
 * <p>Every aggregate is then computed over one bucket's rows, all on the same side of the boundary, so any aggregate
 * (count, sum, avg, min, max, count DISTINCT, percentiles) is exact. Anything else — a join, a subquery, DISTINCT,
 * HAVING, LIMIT/OFFSET, a window function, other GROUP BY columns, another ORDER BY, a histogram without an explicit
 * interval (its automatic interval depends on the range) — is not this shape and is never split.
 */
public final class HistogramShape {

    /** Histogram buckets start at 2001-01-01T00:00:00Z, as OpenObserve's (and the embedded store's) do. */
    public static final long ORIGIN_MICROS = 978_307_200_000_000L;

    private static final Pattern INTERVAL =
            Pattern.compile("\\s*(\\d{1,6})\\s*(second|minute|hour|day)s?\\s*", Pattern.CASE_INSENSITIVE);

    /**
     * A splittable query.
     *
     * @param bucketMicros the bucket width
     * @param descending newest bucket first
     * @param column the name of the bucket column in the answer's rows (the histogram's alias), null without an alias
     */
    public record Bucketed(long bucketMicros, boolean descending, String column) {}

    private HistogramShape() {}

    public static Optional<Bucketed> of(String sql) {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql);
        } catch (Exception | StackOverflowError e) {
            return Optional.empty();
        }
        if (!(statement instanceof PlainSelect select)) {
            return Optional.empty();
        }
        String upper = select.toString().toUpperCase(Locale.ROOT);
        if (upper.indexOf("SELECT") != upper.lastIndexOf("SELECT") || upper.contains(" OVER")) {
            return Optional.empty(); // a subquery or a window function
        }
        if (!(select.getFromItem() instanceof Table)
                || (select.getJoins() != null && !select.getJoins().isEmpty())
                || select.getDistinct() != null
                || select.getTop() != null
                || select.getHaving() != null
                || select.getQualify() != null
                || select.getLimit() != null
                || select.getOffset() != null
                || select.getFetch() != null
                || select.getWithItemsList() != null
                || select.getGroupBy() == null
                || select.getGroupBy().getGroupingSets() != null
                        && !select.getGroupBy().getGroupingSets().isEmpty()) {
            return Optional.empty();
        }
        List<?> groupBy = select.getGroupBy().getGroupByExpressionList();
        List<OrderByElement> orderBy = select.getOrderByElements();
        if (groupBy == null || groupBy.size() != 1 || orderBy == null || orderBy.size() != 1) {
            return Optional.empty();
        }
        for (SelectItem<?> item : select.getSelectItems()) {
            if (!(item.getExpression() instanceof Function function)
                    || !"histogram".equalsIgnoreCase(function.getName())) {
                continue;
            }
            Optional<Long> bucket = bucketMicros(function);
            if (bucket.isEmpty()) {
                return Optional.empty();
            }
            String alias = item.getAliasName();
            if (names(groupBy.get(0), function, alias) && names(orderBy.get(0).getExpression(), function, alias)) {
                return Optional.of(
                        new Bucketed(bucket.get(), !orderBy.get(0).isAsc(), alias == null ? null : unquote(alias)));
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The bucket width of {@code histogram(_timestamp, 'N unit' [, 'timezone'])} in µs; empty for any other call (an
     * automatic interval depends on the query's range).
     */
    static Optional<Long> explicitBucketMicros(Function function) {
        if (function.getParameters() == null
                || function.getParameters().size() != 3
                || !(function.getParameters().get(2) instanceof StringValue)) {
            return bucketMicros(function);
        }
        return bucketMicros(
                function.getParameters().get(0), function.getParameters().get(1));
    }

    /** {@code histogram(_timestamp, 'N unit')} → N units in µs. */
    private static Optional<Long> bucketMicros(Function function) {
        if (function.getParameters() == null || function.getParameters().size() != 2) {
            return Optional.empty();
        }
        return bucketMicros(
                function.getParameters().get(0), function.getParameters().get(1));
    }

    private static Optional<Long> bucketMicros(Object column, Object interval) {
        if (!(column instanceof Column c) || !"_timestamp".equalsIgnoreCase(unquote(c.getColumnName()))) {
            return Optional.empty();
        }
        if (!(interval instanceof StringValue text)) {
            return Optional.empty();
        }
        Matcher matcher = INTERVAL.matcher(text.getValue());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        long unit =
                switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
                    case "second" -> 1_000_000L;
                    case "minute" -> 60_000_000L;
                    case "hour" -> 3_600_000_000L;
                    default -> 86_400_000_000L;
                };
        return amount == 0 ? Optional.empty() : Optional.of(amount * unit);
    }

    /** Whether an expression of GROUP BY / ORDER BY is the histogram: by its alias or as the same expression. */
    private static boolean names(Object expression, Function histogram, String alias) {
        if (expression instanceof Column column
                && alias != null
                && column.getTable() == null
                && unquote(column.getColumnName()).equals(unquote(alias))) {
            return true;
        }
        return expression instanceof Expression e && e.toString().equals(histogram.toString());
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }

    /** The bucket boundary at or before {@code micros}. */
    public static long alignDown(long micros, long bucketMicros) {
        return ORIGIN_MICROS + Math.floorDiv(micros - ORIGIN_MICROS, bucketMicros) * bucketMicros;
    }
}
