package io.shopwatch.performance.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Recognises the aggregate queries whose answer over a range can be computed exactly from partial answers over pieces
 * of it, merged group by group:
 *
 * <pre>SELECT [k1, k2, ...,] count(*) AS n, count(x) AS c, sum(x) AS s, min(x) AS lo, max(x) AS hi FROM s
 * [WHERE &lt;row filter&gt;] [GROUP BY k1, k2, ... ORDER BY k1 [DESC], n [DESC], ... [LIMIT m]]</pre>
 *
 * <p>Counts add up, sums add up (only when every partial sum is an integer: floating-point sums added in another order
 * may differ in their last digits, so such an answer is not merged), minimums and maximums take the least and
 * greatest. Every aggregate needs an alias (the field its value is in), every group key must be selected (as a plain
 * column, with or without an alias), a grouped query must be ordered (by keys and aggregate aliases: a top-N such as
 * {@code ORDER BY n DESC LIMIT 10}), an ungrouped one not at all; a LIMIT is a literal row count without offset. An
 * order that does not name every key may leave ties, whose order the store does not define: the merger refuses a
 * merged answer with a tie that would show (see {@link AggregateMerger#merge}).
 *
 * <p>One key may be a histogram bucket with an explicit interval, {@code histogram(_timestamp, '30 minute') AS k}
 * grouped by its alias: a record's bucket does not depend on the query's range, so the bucket is a group key like any
 * other, and a bucket cut by a piece boundary is merged from the pieces' partial rows. A histogram with an automatic
 * interval (which depends on the range) is not.
 *
 * <p>Anything else — avg, count DISTINCT, percentiles, expressions, HAVING, OFFSET, DISTINCT, joins, subqueries,
 * window functions — is not this shape, and is sent whole.
 */
public final class AggregateShape {

    /** The column the pieces' store query adds: the start of the split step each row's records lie in. */
    public static final String PIECE_COLUMN = "_sw_piece";

    /** How an aggregate's partial values combine. */
    public enum Kind {
        COUNT,
        SUM,
        MIN,
        MAX
    }

    /** One ORDER BY element: the row field of a group key or of an aggregate, and its direction. */
    public record Order(String field, boolean descending) {}

    /**
     * A mergeable aggregate query.
     *
     * @param keys the row fields of the group keys, in select order (empty without GROUP BY)
     * @param aggregates the row field of each aggregate and how it merges, in select order
     * @param order the ORDER BY over keys and aggregates (empty without one)
     * @param spanSelect the query's select list, FROM and WHERE as SQL, to build the pieces' store query
     * @param groupBy the query's GROUP BY expressions as SQL (empty without)
     * @param limit the LIMIT's row count, or -1 without one
     * @param histogramSeconds the interval of the histogram key, which the store's answer names as its
     *     {@code histogram_interval}; 0 without one
     */
    public record Aggregated(
            List<String> keys,
            Map<String, Kind> aggregates,
            List<Order> order,
            String spanSelect,
            String groupBy,
            long limit,
            long histogramSeconds) {

        public Aggregated {
            keys = List.copyOf(keys);
            aggregates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aggregates));
            order = List.copyOf(order);
        }

        /**
         * Whether the ORDER BY orders every group (it names every key): otherwise rows equal in every ordered field
         * are ties, whose order (and, across a LIMIT, whose presence) the store leaves undefined.
         */
        public boolean totalOrder() {
            return order.stream().map(Order::field).filter(keys::contains).count() == keys.size();
        }

        /**
         * The store query that answers the partial aggregates of every split step of a span at once: the same query
         * grouped by {@code histogram(_timestamp, step)} as {@link #PIECE_COLUMN} as well, unordered.
         */
        public String spanSql(long stepMicros) {
            long seconds = Math.max(1, stepMicros / 1_000_000L);
            return "SELECT histogram(_timestamp, '" + seconds + " second') AS " + PIECE_COLUMN + ", " + spanSelect
                    + " GROUP BY " + PIECE_COLUMN + (groupBy.isEmpty() ? "" : ", " + groupBy);
        }
    }

    private AggregateShape() {}

    public static Optional<Aggregated> of(String sql) {
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
        if (upper.indexOf("SELECT") != upper.lastIndexOf("SELECT")
                || upper.contains(" OVER")
                || upper.indexOf("HISTOGRAM(") != upper.lastIndexOf("HISTOGRAM(")
                || upper.contains(PIECE_COLUMN.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (!(select.getFromItem() instanceof Table)
                || (select.getJoins() != null && !select.getJoins().isEmpty())
                || select.getDistinct() != null
                || select.getTop() != null
                || select.getHaving() != null
                || select.getQualify() != null
                || (select.getLimit() != null && limit(select) < 0)
                || select.getOffset() != null
                || select.getFetch() != null
                || select.getWithItemsList() != null
                || select.getIntoTables() != null
                || (select.getGroupBy() != null
                        && select.getGroupBy().getGroupingSets() != null
                        && !select.getGroupBy().getGroupingSets().isEmpty())) {
            return Optional.empty();
        }
        List<String> groupColumns = new ArrayList<>();
        String groupBy = "";
        if (select.getGroupBy() != null) {
            List<?> expressions = select.getGroupBy().getGroupByExpressionList();
            if (expressions == null || expressions.isEmpty()) {
                return Optional.empty();
            }
            for (Object expression : expressions) {
                if (!(expression instanceof Column column) || column.getTable() != null) {
                    return Optional.empty();
                }
                groupColumns.add(unquote(column.getColumnName()));
            }
            groupBy = expressions.stream().map(Object::toString).collect(Collectors.joining(", "));
        }
        Map<String, String> fieldOfColumn = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        Map<String, Kind> aggregates = new LinkedHashMap<>();
        long histogramSeconds = 0;
        for (SelectItem<?> item : select.getSelectItems()) {
            String alias = item.getAliasName() == null ? null : unquote(item.getAliasName());
            if (item.getExpression() instanceof Function function && "histogram".equalsIgnoreCase(function.getName())) {
                // a bucket key: explicit interval, aliased, grouped by its alias
                Optional<Long> bucket = HistogramShape.explicitBucketMicros(function);
                if (bucket.isEmpty()
                        || bucket.get() % 1_000_000L != 0
                        || alias == null
                        || !groupColumns.contains(alias)
                        || fieldOfColumn.containsKey(alias)) {
                    return Optional.empty();
                }
                fieldOfColumn.put(alias, alias);
                keys.add(alias);
                histogramSeconds = bucket.get() / 1_000_000L;
            } else if (item.getExpression() instanceof Column column) {
                String name = unquote(column.getColumnName());
                if (column.getTable() != null || !groupColumns.contains(name) || fieldOfColumn.containsKey(name)) {
                    return Optional.empty();
                }
                String field = alias == null ? name : alias;
                fieldOfColumn.put(name, field);
                keys.add(field);
            } else if (item.getExpression() instanceof Function function && alias != null) {
                Optional<Kind> kind = kind(function);
                if (kind.isEmpty() || aggregates.containsKey(alias) || keys.contains(alias)) {
                    return Optional.empty();
                }
                aggregates.put(alias, kind.get());
            } else {
                return Optional.empty();
            }
        }
        if (aggregates.isEmpty() || fieldOfColumn.size() != groupColumns.size()) {
            return Optional.empty(); // a group key not selected: rows would be indistinguishable
        }
        List<Order> order = new ArrayList<>();
        List<OrderByElement> orderBy = select.getOrderByElements();
        if (orderBy != null && !orderBy.isEmpty()) {
            for (OrderByElement element : orderBy) {
                if (!(element.getExpression() instanceof Column column)
                        || column.getTable() != null
                        || element.getNullOrdering() != null) {
                    return Optional.empty();
                }
                String name = unquote(column.getColumnName());
                String field = fieldOfColumn.containsKey(name)
                        ? fieldOfColumn.get(name)
                        : keys.contains(name) || aggregates.containsKey(name) ? name : null;
                if (field == null || order.stream().anyMatch(o -> o.field().equals(field))) {
                    return Optional.empty();
                }
                order.add(new Order(field, !element.isAsc()));
            }
            if (keys.isEmpty()) {
                return Optional.empty(); // one row: nothing to order
            }
            boolean byAggregate = order.stream().anyMatch(o -> aggregates.containsKey(o.field()));
            if (!byAggregate && order.size() != keys.size()) {
                return Optional.empty(); // an order over fewer keys alone: ties are the rule, not the exception
            }
        } else if (!keys.isEmpty() || select.getLimit() != null) {
            return Optional.empty();
        }
        String items = select.getSelectItems().stream().map(Object::toString).collect(Collectors.joining(", "));
        String spanSelect = items + " FROM " + select.getFromItem()
                + (select.getWhere() == null ? "" : " WHERE " + select.getWhere());
        long limit = select.getLimit() == null ? -1 : limit(select);
        return Optional.of(new Aggregated(keys, aggregates, order, spanSelect, groupBy, limit, histogramSeconds));
    }

    /** A plain {@code LIMIT n} (n a literal, no offset): n; anything else -1. */
    private static long limit(PlainSelect select) {
        Limit limit = select.getLimit();
        if (limit.getOffset() != null
                || limit.isLimitAll()
                || limit.isLimitNull()
                || limit.getByExpressions() != null
                || !(limit.getRowCount() instanceof LongValue count)
                || count.getValue() < 0) {
            return -1;
        }
        return count.getValue();
    }

    private static Optional<Kind> kind(Function function) {
        if (function.isDistinct()
                || function.isUnique()
                || function.getKeep() != null
                || function.getOrderByElements() != null) {
            return Optional.empty();
        }
        String name = function.getName() == null ? "" : function.getName().toLowerCase(Locale.ROOT);
        boolean star = function.isAllColumns()
                || (function.getParameters() != null
                        && function.getParameters().size() == 1
                        && function.getParameters().get(0).toString().equals("*"));
        boolean oneColumn = function.getParameters() != null
                && function.getParameters().size() == 1
                && function.getParameters().get(0) instanceof Column;
        return switch (name) {
            case "count" -> star || oneColumn ? Optional.of(Kind.COUNT) : Optional.empty();
            case "sum" -> oneColumn ? Optional.of(Kind.SUM) : Optional.empty();
            case "min" -> oneColumn ? Optional.of(Kind.MIN) : Optional.empty();
            case "max" -> oneColumn ? Optional.of(Kind.MAX) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }
}
