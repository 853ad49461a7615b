package io.shopwatch.store.search;

import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.store.error.StoreException;
import io.shopwatch.store.sql.SqlQuoting;
import io.shopwatch.store.stream.StreamKey;
import io.shopwatch.store.stream.StreamMeta;
import io.shopwatch.store.stream.ValueType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnalyticType;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Pivot;
import net.sf.jsqlparser.statement.select.PivotXml;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.UnPivot;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;

/**
 * Turns OpenObserve SQL into the DuckDB SQL that answers it, or refuses it.
 *
 * <ul>
 *   <li>Only one statement, and only a query ({@code SELECT}, {@code WITH ... SELECT}, set operations); anything
 *       else is refused with 20001. Table functions and {@code SELECT ... INTO} are refused too.
 *   <li>Every table name is resolved to a stream of the caller's organisation (schema qualifiers {@code logs},
 *       {@code metrics}, {@code traces}, {@code enrich} pick the type) and replaced by a subquery over the stream's
 *       table restricted to {@code _timestamp >= start AND _timestamp < end}; an unknown stream is 20002. Names of
 *       the query's own CTEs are renamed, so no name can ever reach a table outside the caller's organisation.
 *   <li>{@code match_all('x')} becomes a case-insensitive substring test over the stream's full-text fields;
 *       {@code histogram(_timestamp[, 'interval'])} becomes a bucket on 2001-01-01 ({@code __zo_histogram});
 *       {@code regexp_match} becomes one {@code regexp_extract} per capture group of its literal pattern,
 *       {@code json_get_*(json, key, ...)} one JSON path, {@code arrow_cast(x, 'Type')} the cast to the Arrow type
 *       ({@link ArrowTypes}), {@code approx_percentile_cont(q) WITHIN GROUP (ORDER BY x)} an
 *       {@code approx_quantile}. The other OpenObserve functions ({@code str_match}, {@code spath},
 *       {@code cast_to_arr}, ...) are DuckDB macros ({@link SqlFunctions}).
 *   <li>{@code PIVOT} is written through the expression de-parser (JSqlParser's own writes its parts as raw text);
 *       a subquery in a named {@code WINDOW} clause, which JSqlParser also writes as raw text, is refused.
 *   <li>A simple single-stream query (no aggregate, GROUP BY, DISTINCT, ORDER BY) is ordered by
 *       {@code _timestamp DESC} and gets {@code _timestamp} in its projection; {@code from}/{@code size} become
 *       OFFSET/LIMIT (the smaller of the SQL's LIMIT and {@code size}).
 * </ul>
 *
 * <p>The rewrite is done by a JSqlParser de-parser: what DuckDB runs is exactly what the parser understood.
 */
public final class QueryPlanner {

    /** Fields {@code match_all} searches when the stream has them (OpenObserve's defaults). */
    public static final List<String> DEFAULT_FTS_FIELDS =
            List.of("log", "message", "msg", "content", "data", "body", "json", "error", "llm_input", "llm_output");

    private static final String CTE_PREFIX = "__zo_cte_";

    private final Function<StreamKey, Optional<StreamMeta>> streams;
    private final Set<String> aggregates;
    private final int defaultLimit;
    private final ExecutorService parserExecutor;

    /** The DuckDB SQL to run and what the response needs to know. */
    public record Plan(
            String sql,
            String countSql,
            Long histogramInterval,
            List<String> warnings,
            List<StreamMeta> streams,
            long startTime,
            long endTime) {}

    /**
     * @param streams finds a stream of the caller's organisation
     * @param aggregates names of aggregate functions (lower case)
     * @param defaultLimit {@code ZO_QUERY_DEFAULT_LIMIT}
     * @param parserExecutor runs the parser (JSqlParser enforces its parse timeout on it)
     */
    public QueryPlanner(
            Function<StreamKey, Optional<StreamMeta>> streams,
            Set<String> aggregates,
            int defaultLimit,
            ExecutorService parserExecutor) {
        this.streams = streams;
        this.aggregates = Set.copyOf(aggregates);
        this.defaultLimit = defaultLimit;
        this.parserExecutor = parserExecutor;
    }

    /** Parses and checks a query: one SELECT statement, or 20001. */
    public Select parse(String sql) {
        if (sql == null || sql.isBlank()) {
            throw StoreException.sqlNotValid("sql is empty");
        }
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql, parserExecutor, parser -> parser.withTimeOut(5_000));
        } catch (JSQLParserException e) {
            throw StoreException.sqlNotValid(firstLines(e));
        }
        if (statements == null || statements.size() != 1) {
            throw StoreException.sqlNotValid("exactly one statement is allowed");
        }
        Statement statement = statements.get(0);
        if (!(statement instanceof Select select)) {
            throw StoreException.sqlNotValid("only SELECT statements are allowed, got "
                    + statement.getClass().getSimpleName().toUpperCase(Locale.ROOT));
        }
        if (select instanceof PlainSelect ps
                && ps.getIntoTables() != null
                && !ps.getIntoTables().isEmpty()) {
            throw StoreException.sqlNotValid("SELECT ... INTO is not allowed");
        }
        return select;
    }

    /** Plans a search of {@code org}; throws {@link StoreException} with OpenObserve's code when refused. */
    public Plan plan(String org, SearchQuery query) {
        Select select = parse(query.sql());
        Set<String> topCtes = new HashSet<>();
        if (select.getWithItemsList() != null) {
            select.getWithItemsList().forEach(w -> topCtes.add(unquote(w.getAliasName())));
        }
        if (select instanceof PlainSelect top) {
            nameExpressions(top);
        }
        if (!query.trackTotalHits() && select instanceof PlainSelect ps && isSimple(ps, topCtes)) {
            if (ps.getOrderByElements() == null || ps.getOrderByElements().isEmpty()) {
                OrderByElement order = new OrderByElement();
                order.setExpression(new Column("_timestamp"));
                order.setAsc(false);
                ps.setOrderByElements(new ArrayList<>(List.of(order)));
            }
            if (!projectsTimestamp(ps)) {
                List<SelectItem<?>> items = new ArrayList<>(ps.getSelectItems());
                items.add(0, new SelectItem<>(new Column("_timestamp")));
                ps.setSelectItems(items);
            }
        }
        Writer writer = new Writer(org, query.type(), query.startTime(), query.endTime(), query.histogramInterval());
        String unlimited = writer.write(select);
        List<String> warnings = new ArrayList<>();
        long start = query.startTime();
        long maxRange = writer.maxQueryRangeHours();
        if (maxRange > 0 && query.endTime() - start > maxRange * 3_600_000_000L) {
            start = query.endTime() - maxRange * 3_600_000_000L;
            warnings.add("Query duration is modified due to query range restriction of " + maxRange + " hours");
            writer = new Writer(org, query.type(), start, query.endTime(), query.histogramInterval());
            unlimited = writer.write(select);
        }
        String countSql =
                query.trackTotalHits() ? "SELECT count(*) AS zo_sql_num FROM (" + unlimited + ") AS __zo_total" : null;
        applyLimit(select, query, warnings);
        String sql = writer.write(select);
        return new Plan(
                sql,
                countSql,
                writer.histogramInterval,
                warnings,
                List.copyOf(writer.used.values()),
                start,
                query.endTime());
    }

    private void applyLimit(Select select, SearchQuery query, List<String> warnings) {
        Limit limit = select.getLimit();
        Long sqlLimit = null;
        if (limit != null && limit.getRowCount() instanceof LongValue lv) {
            sqlLimit = lv.getValue();
        }
        Integer size = query.size() == null ? Integer.valueOf(defaultLimit) : query.size();
        long effective;
        if (size > 0) {
            effective = sqlLimit == null ? size : Math.min(sqlLimit, size);
        } else if (sqlLimit != null) {
            effective = sqlLimit;
        } else {
            effective = defaultLimit;
            if (!"ui".equalsIgnoreCase(query.searchType())) {
                warnings.add("Warn: results are capped to meet default limit");
            }
        }
        Limit newLimit = new Limit();
        newLimit.setRowCount(new LongValue(effective));
        select.setLimit(newLimit);
        if (query.from() > 0) {
            Offset offset = new Offset();
            offset.setOffset(new LongValue(query.from()));
            select.setOffset(offset);
        }
    }

    private boolean isSimple(PlainSelect ps, Set<String> topCtes) {
        if (!(ps.getFromItem() instanceof Table table)
                || topCtes.contains(unquote(table.getName()))
                || table.getPivot() != null) {
            return false;
        }
        if ((ps.getJoins() != null && !ps.getJoins().isEmpty())
                || ps.getGroupBy() != null
                || ps.getDistinct() != null
                || ps.getHaving() != null) {
            return false;
        }
        AggregateFinder finder = new AggregateFinder(aggregates);
        for (SelectItem<?> item : ps.getSelectItems()) {
            item.getExpression().accept(finder, null);
        }
        return !finder.found;
    }

    /**
     * Gives unnamed computed columns their SQL text as name ({@code count(*)}), as DataFusion names them, instead of
     * DuckDB's names ({@code count_star()}).
     */
    private static void nameExpressions(PlainSelect ps) {
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            if (item.getAlias() == null
                    && !(e instanceof Column)
                    && !(e instanceof AllColumns)
                    && !(e instanceof AllTableColumns)) {
                item.setAlias(new net.sf.jsqlparser.expression.Alias(SqlQuoting.quote(e.toString()), true));
            }
        }
    }

    private static boolean projectsTimestamp(PlainSelect ps) {
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns || e instanceof AllTableColumns) {
                return true;
            }
            if (e instanceof Column c && unquote(c.getColumnName()).equals("_timestamp") && item.getAlias() == null) {
                return true;
            }
        }
        return false;
    }

    /** Finds aggregate and window functions in an expression (not inside subqueries). */
    private static final class AggregateFinder extends ExpressionVisitorAdapter<Void> {
        private final Set<String> aggregates;
        private boolean found;

        AggregateFinder(Set<String> aggregates) {
            this.aggregates = aggregates;
        }

        @Override
        public <S> Void visit(net.sf.jsqlparser.expression.Function function, S context) {
            if (aggregates.contains(function.getName().toLowerCase(Locale.ROOT))) {
                found = true;
            }
            return super.visit(function, context);
        }

        @Override
        public <S> Void visit(AnalyticExpression expression, S context) {
            found = true;
            return null;
        }
    }

    /** Finds subqueries in the parts of a named window, which JSqlParser's de-parser writes as raw text. */
    private static final class SubqueryFinder extends ExpressionVisitorAdapter<Void> {
        private boolean found;

        static boolean in(WindowDefinition window) {
            SubqueryFinder finder = new SubqueryFinder();
            List<Expression> parts = new ArrayList<>();
            if (window.getPartitionExpressionList() != null) {
                parts.add(window.getPartitionExpressionList());
            }
            if (window.getOrderByElements() != null) {
                window.getOrderByElements().forEach(o -> parts.add(o.getExpression()));
            }
            WindowElement element = window.getWindowElement();
            if (element != null) {
                for (WindowOffset offset : new WindowOffset[] {
                    element.getOffset(),
                    element.getRange() == null ? null : element.getRange().getStart(),
                    element.getRange() == null ? null : element.getRange().getEnd()
                }) {
                    if (offset != null && offset.getExpression() != null) {
                        parts.add(offset.getExpression());
                    }
                }
            }
            for (Expression part : parts) {
                part.accept(finder, null);
            }
            return finder.found;
        }

        @Override
        public <S> Void visit(ParenthesedSelect select, S context) {
            found = true;
            return null;
        }

        @Override
        public <S> Void visit(Select select, S context) {
            found = true;
            return null;
        }
    }

    // ------------------------------------------------------------------ the rewriting de-parser

    /** De-parses one statement, resolving streams and rewriting OpenObserve functions on the way. */
    private final class Writer {
        private final String org;
        private final StreamType defaultType;
        private final long start;
        private final long end;
        private final long requestHistogramInterval;
        private final Map<StreamKey, StreamMeta> used = new LinkedHashMap<>();
        private final Set<String> cteNames = new LinkedHashSet<>();
        private final Deque<PlainSelect> selects = new ArrayDeque<>();
        private Long histogramInterval;

        Writer(String org, StreamType defaultType, long start, long end, long requestHistogramInterval) {
            this.org = org;
            this.defaultType = defaultType;
            this.start = start;
            this.end = end;
            this.requestHistogramInterval = requestHistogramInterval;
        }

        String write(Select select) {
            used.clear();
            cteNames.clear();
            selects.clear();
            StringBuilder builder = new StringBuilder();
            Expressions expressions = new Expressions();
            Selects selectWriter = new Selects(expressions, builder);
            expressions.setSelectVisitor(selectWriter);
            expressions.setBuilder(builder);
            select.accept((net.sf.jsqlparser.statement.select.SelectVisitor<StringBuilder>) selectWriter, null);
            return builder.toString();
        }

        long maxQueryRangeHours() {
            return used.values().stream()
                    .mapToLong(m -> m.settings().maxQueryRange())
                    .filter(h -> h > 0)
                    .min()
                    .orElse(0);
        }

        /** The stream a table name means, or null for a CTE of the query. */
        StreamMeta resolve(Table table) {
            String name = unquote(table.getName());
            String schema = table.getSchemaName() == null ? null : unquote(table.getSchemaName());
            if (table.getDatabaseName() != null && !table.getDatabaseName().isEmpty()) {
                throw StoreException.streamNotFound(table.getFullyQualifiedName());
            }
            if (schema == null && cteNames.contains(name.toLowerCase(Locale.ROOT))) {
                return null;
            }
            StreamType type = defaultType;
            if (schema != null) {
                try {
                    type = StreamType.parse(schema);
                } catch (IllegalArgumentException e) {
                    throw StoreException.streamNotFound(schema + "." + name);
                }
            }
            StreamKey key = new StreamKey(org, type, name);
            Optional<StreamMeta> meta = streams.apply(key);
            if (meta.isEmpty() && !name.equals(name.toLowerCase(Locale.ROOT))) {
                key = new StreamKey(org, type, name.toLowerCase(Locale.ROOT));
                meta = streams.apply(key);
            }
            StreamMeta found = meta.orElseThrow(() -> StoreException.streamNotFound(name));
            used.put(found.key(), found);
            return found;
        }

        String streamSubquery(StreamMeta meta) {
            return "(SELECT * FROM " + meta.qualifiedTable() + " WHERE \"_timestamp\" >= " + start
                    + " AND \"_timestamp\" < " + end + ")";
        }

        /** SelectDeParser that replaces table names and tracks the enclosing SELECT. */
        private final class Selects extends SelectDeParser {
            private final Expressions expressions;

            Selects(Expressions expressions, StringBuilder builder) {
                super(expressions, builder);
                this.expressions = expressions;
            }

            @Override
            public <S> StringBuilder visit(PlainSelect plainSelect, S context) {
                if (plainSelect.getWindowDefinitions() != null) {
                    // JSqlParser writes named windows as raw text: a subquery there would skip stream resolution
                    for (WindowDefinition window : plainSelect.getWindowDefinitions()) {
                        if (SubqueryFinder.in(window)) {
                            throw StoreException.sqlNotValid("subqueries are not allowed in a WINDOW clause");
                        }
                    }
                }
                selects.push(plainSelect);
                try {
                    return super.visit(plainSelect, context);
                } finally {
                    selects.pop();
                }
            }

            @Override
            public <S> StringBuilder visit(Table table, S context) {
                if (table.getUnPivot() != null || table.getSampleClause() != null) {
                    throw StoreException.sqlNotValid("UNPIVOT and TABLESAMPLE are not supported");
                }
                StreamMeta meta = resolve(table);
                String original = unquote(table.getName());
                if (meta == null) {
                    builder.append(SqlQuoting.quote(CTE_PREFIX + original.toLowerCase(Locale.ROOT)));
                } else {
                    builder.append(streamSubquery(meta));
                }
                if (table.getAlias() != null) {
                    builder.append(table.getAlias());
                } else {
                    builder.append(" AS ").append(SqlQuoting.quote(original));
                }
                if (table.getPivot() != null) {
                    visit(table.getPivot(), context);
                }
                return builder;
            }

            /**
             * {@code PIVOT (agg(x) [AS a], ... FOR column IN (value [AS a], ...)) [AS alias]}, written through the
             * expression de-parser (JSqlParser's own writes these parts as raw text, which would let a subquery in
             * them reach DuckDB without its tables being resolved).
             */
            @Override
            public <S> StringBuilder visit(Pivot pivot, S context) {
                if (pivot.getMultiInItems() != null && !pivot.getMultiInItems().isEmpty()
                        || pivot.getForColumns().size() != 1) {
                    throw StoreException.sqlNotValid("PIVOT over more than one column is not supported");
                }
                builder.append(" PIVOT (");
                String separator = "";
                for (SelectItem<net.sf.jsqlparser.expression.Function> item : pivot.getFunctionItems()) {
                    builder.append(separator);
                    item.getExpression().accept(expressions, context);
                    if (item.getAlias() != null) {
                        builder.append(item.getAlias());
                    }
                    separator = ", ";
                }
                builder.append(" FOR ");
                pivot.getForColumns().get(0).accept(expressions, context);
                builder.append(" IN (");
                separator = "";
                for (SelectItem<?> item : pivot.getSingleInItems()) {
                    builder.append(separator);
                    item.getExpression().accept(expressions, context);
                    if (item.getAlias() != null) {
                        builder.append(item.getAlias());
                    }
                    separator = ", ";
                }
                builder.append("))");
                if (pivot.getAlias() != null) {
                    builder.append(pivot.getAlias());
                }
                return builder;
            }

            @Override
            public <S> StringBuilder visit(UnPivot unpivot, S context) {
                throw StoreException.sqlNotValid("UNPIVOT is not supported");
            }

            @Override
            public <S> StringBuilder visit(PivotXml pivot, S context) {
                throw StoreException.sqlNotValid("PIVOT XML is not supported");
            }

            @Override
            public <S> StringBuilder visit(WithItem<?> withItem, S context) {
                String name = unquote(withItem.getAliasName());
                String lower = name.toLowerCase(Locale.ROOT);
                if (withItem.isRecursive()) {
                    cteNames.add(lower);
                }
                net.sf.jsqlparser.expression.Alias original = withItem.getAlias();
                net.sf.jsqlparser.expression.Alias renamed =
                        new net.sf.jsqlparser.expression.Alias(SqlQuoting.quote(CTE_PREFIX + lower), false);
                renamed.setAliasColumns(original.getAliasColumns());
                withItem.setAlias(renamed);
                try {
                    return super.visit(withItem, context);
                } finally {
                    withItem.setAlias(original);
                    cteNames.add(lower);
                }
            }

            @Override
            public <S> StringBuilder visit(TableFunction tableFunction, S context) {
                throw StoreException.sqlNotValid("table functions are not allowed: "
                        + tableFunction.getFunction().getName());
            }

            @Override
            public <S> StringBuilder visit(TableStatement tableStatement, S context) {
                throw StoreException.sqlNotValid("TABLE statements are not allowed");
            }
        }

        /** ExpressionDeParser that rewrites match_all() and histogram(). */
        private final class Expressions extends ExpressionDeParser {
            @Override
            public <S> StringBuilder visit(net.sf.jsqlparser.expression.Function function, S context) {
                String name =
                        function.getName() == null ? "" : function.getName().toLowerCase(Locale.ROOT);
                List<Expression> args =
                        function.getParameters() == null ? List.of() : new ArrayList<>(function.getParameters());
                switch (name) {
                    case "match_all", "match_all_raw", "match_all_raw_ignore_case" -> {
                        matchAll(args);
                        return builder;
                    }
                    case "histogram" -> {
                        histogram(args, context);
                        return builder;
                    }
                    case "regexp_match" -> {
                        regexpMatch(args, context);
                        return builder;
                    }
                    case "json_get_str", "json_get_int", "json_get_float", "json_get_bool", "json_get_json" -> {
                        jsonGet(name, args, context);
                        return builder;
                    }
                    case "arrow_cast" -> {
                        arrowCast(args, context);
                        return builder;
                    }
                    default -> {
                        return super.visit(function, context);
                    }
                }
            }

            /**
             * DataFusion's {@code approx_percentile_cont(q) WITHIN GROUP (ORDER BY x [DESC])} is DuckDB's
             * {@code approx_quantile(x, q)} ({@code 1 - q} when descending); DuckDB runs other WITHIN GROUP aggregates
             * ({@code percentile_cont}, ...) itself.
             */
            @Override
            public <S> StringBuilder visit(AnalyticExpression expression, S context) {
                if (expression.getType() == AnalyticType.WITHIN_GROUP
                        && "approx_percentile_cont".equalsIgnoreCase(expression.getName())
                        && expression.getExpression() != null
                        && expression.getFilterExpression() == null
                        && expression.getOrderByElements() != null
                        && expression.getOrderByElements().size() == 1) {
                    OrderByElement order = expression.getOrderByElements().get(0);
                    builder.append("approx_quantile(");
                    order.getExpression().accept(this, context);
                    builder.append(order.isAsc() ? ", " : ", 1 - (");
                    expression.getExpression().accept(this, context);
                    builder.append(order.isAsc() ? ")" : "))");
                    return builder;
                }
                return super.visit(expression, context);
            }

            private void matchAll(List<Expression> args) {
                if (args.size() != 1 || !(args.get(0) instanceof StringValue term)) {
                    throw StoreException.sqlNotValid("match_all() takes one string argument");
                }
                PlainSelect enclosing = selects.peek();
                StreamMeta stream = null;
                if (enclosing != null
                        && enclosing.getFromItem() instanceof Table table
                        && (enclosing.getJoins() == null || enclosing.getJoins().isEmpty())) {
                    stream = resolve(table);
                }
                if (stream == null) {
                    throw StoreException.sqlNotValid(
                            "match_all() should directly apply to stream, FROM clause should not"
                                    + " be join/subuqery/cte");
                }
                Set<String> fields = new LinkedHashSet<>();
                for (String f : DEFAULT_FTS_FIELDS) {
                    if (stream.columns().containsKey(f)) {
                        fields.add(f);
                    }
                }
                for (String f : stream.settings().fullTextSearchKeys()) {
                    if (stream.columns().containsKey(f)) {
                        fields.add(f);
                    }
                }
                if (fields.isEmpty()) {
                    throw StoreException.fullTextFieldNotFound();
                }
                String text = term.getValue().replace("''", "'");
                if (text.startsWith("re:")) {
                    text = text.substring(3);
                }
                while (text.startsWith("*")) {
                    text = text.substring(1);
                }
                while (text.endsWith("*")) {
                    text = text.substring(0, text.length() - 1);
                }
                // a case-insensitive literal search with RE2: much faster in DuckDB than ILIKE '%...%'
                String pattern = SqlQuoting.literal("(?i)" + regexLiteral(text));
                List<String> tests = new ArrayList<>();
                for (String f : fields) {
                    String column = SqlQuoting.quote(f);
                    String value =
                            stream.columns().get(f) == ValueType.UTF8 ? column : "CAST(" + column + " AS VARCHAR)";
                    tests.add("(" + column + " IS NOT NULL AND regexp_matches(" + value + ", " + pattern + "))");
                }
                builder.append('(').append(String.join(" OR ", tests)).append(')');
            }

            /**
             * DataFusion's {@code regexp_match(text, pattern[, flags])}: the list of the capture groups of the first
             * match (the whole match when the pattern has no group), or NULL when nothing matches. The pattern must
             * be a literal, so that its groups can be counted here.
             */
            private <S> void regexpMatch(List<Expression> args, S context) {
                if (args.size() < 2 || args.size() > 3) {
                    throw StoreException.executeError(
                            "regexp_match() takes 2 or 3 arguments (text, pattern[, flags]), got " + args.size());
                }
                if (!(args.get(1) instanceof StringValue patternValue)) {
                    throw StoreException.executeError("regexp_match() needs a literal pattern in the embedded store");
                }
                String flags = "";
                if (args.size() == 3) {
                    if (!(args.get(2) instanceof StringValue flagsValue)) {
                        throw StoreException.executeError("regexp_match() needs literal flags in the embedded store");
                    }
                    flags = literalText(flagsValue);
                }
                if (flags.contains("g")) {
                    throw StoreException.executeError("regexp_match() does not support the \"global\" option");
                }
                String pattern = RegexPatterns.toRe2(literalText(patternValue));
                if (!flags.isEmpty()) {
                    pattern = "(?" + flags + ")" + pattern;
                }
                int groups = RegexPatterns.captureGroups(pattern);
                String literal = SqlQuoting.literal(pattern);
                builder.append("(CASE WHEN regexp_matches(CAST(");
                args.get(0).accept(this, context);
                builder.append(" AS VARCHAR), ").append(literal).append(") THEN [");
                for (int g = groups == 0 ? 0 : 1; g <= groups; g++) {
                    if (g > 1) {
                        builder.append(", ");
                    }
                    builder.append("regexp_extract(CAST(");
                    args.get(0).accept(this, context);
                    builder.append(" AS VARCHAR), ")
                            .append(literal)
                            .append(", ")
                            .append(g)
                            .append(')');
                }
                builder.append("] END)");
            }

            /**
             * datafusion-functions-json's {@code json_get_*(json, key | index, ...)}: each string argument is an object
             * key (taken as it is, dots included), each integer an array index; the keys become one JSON path.
             */
            private <S> void jsonGet(String name, List<Expression> args, S context) {
                if (args.isEmpty()) {
                    throw StoreException.executeError(name + " requires at least one argument");
                }
                builder.append("__zo_").append(name).append("(CAST(");
                args.get(0).accept(this, context);
                builder.append(" AS VARCHAR), ");
                boolean open = true;
                builder.append("'$");
                for (Expression key : args.subList(1, args.size())) {
                    String step = null;
                    if (key instanceof StringValue s) {
                        step = ".\"" + literalText(s).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
                    } else if (key instanceof LongValue l && l.getValue() >= 0) {
                        step = "[" + l.getValue() + "]";
                    }
                    if (step != null) {
                        if (!open) {
                            builder.append(" || '");
                            open = true;
                        }
                        builder.append(step.replace("'", "''"));
                    } else {
                        if (open) {
                            builder.append('\'');
                            open = false;
                        }
                        builder.append(" || __zo_json_step(");
                        key.accept(this, context);
                        builder.append(')');
                    }
                }
                if (open) {
                    builder.append('\'');
                }
                builder.append(')');
            }

            /** DataFusion's {@code arrow_cast(value, 'Arrow type')}; the type must be a literal. */
            private <S> void arrowCast(List<Expression> args, S context) {
                if (args.size() != 2) {
                    throw StoreException.executeError("arrow_cast needs 2 arguments, " + args.size() + " provided");
                }
                if (!(args.get(1) instanceof StringValue type)
                        || literalText(type).isEmpty()) {
                    throw StoreException.executeError(
                            "arrow_cast requires its second argument to be a non-empty constant string, got "
                                    + args.get(1));
                }
                ArrowTypes.Cast cast = ArrowTypes.parse(literalText(type));
                builder.append(cast.before());
                args.get(0).accept(this, context);
                builder.append(cast.after());
            }

            private <S> void histogram(List<Expression> args, S context) {
                if (args.isEmpty() || args.size() > 3) {
                    throw StoreException.sqlNotValid("histogram() takes a timestamp and an optional interval");
                }
                long micros;
                if (args.size() >= 2) {
                    if (!(args.get(1) instanceof StringValue interval)) {
                        throw StoreException.sqlNotValid("the interval of histogram() must be a string");
                    }
                    micros = Intervals.parseMicros(interval.getValue());
                } else if (requestHistogramInterval > 0) {
                    micros = requestHistogramInterval * 1_000_000L;
                } else {
                    micros = Intervals.autoSeconds(start, end) * 1_000_000L;
                }
                long offset = 0;
                if (args.size() == 3 && args.get(2) instanceof StringValue tz) {
                    offset = timezoneOffsetMicros(tz.getValue());
                }
                if (micros <= 0) {
                    throw StoreException.sqlNotValid("the interval of histogram() must be longer than 0");
                }
                histogramInterval = Math.max(1, micros / 1_000_000L);
                builder.append("__zo_histogram(CAST(");
                args.get(0).accept(this, context);
                if (offset != 0) {
                    builder.append(" + ").append(offset);
                }
                builder.append(" AS BIGINT), ").append(micros).append(')');
            }
        }
    }

    /** The text of a string literal (JSqlParser keeps the doubled quotes). */
    static String literalText(StringValue value) {
        return value.getValue().replace("''", "'");
    }

    /** µs of a fixed offset such as {@code +08:00}; 0 for UTC or anything unknown. */
    static long timezoneOffsetMicros(String tz) {
        String t = tz.trim();
        if (!(t.startsWith("+") || t.startsWith("-")) || t.length() < 3) {
            return 0;
        }
        int sign = t.startsWith("-") ? -1 : 1;
        String[] parts = t.substring(1).split(":");
        try {
            long minutes = Long.parseLong(parts[0]) * 60 + (parts.length > 1 ? Long.parseLong(parts[1]) : 0);
            return sign * minutes * 60_000_000L;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The text as an RE2 pattern that matches it literally. */
    static String regexLiteral(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** An identifier without its double quotes. */
    static String unquote(String identifier) {
        if (identifier == null) {
            return null;
        }
        if (identifier.length() >= 2 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
            return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
        }
        if (identifier.length() >= 2 && identifier.startsWith("`") && identifier.endsWith("`")) {
            return identifier.substring(1, identifier.length() - 1);
        }
        return identifier;
    }

    private static String firstLines(JSQLParserException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? e.toString() : cause.getMessage();
        String[] lines = message.split("\n");
        StringBuilder out = new StringBuilder(lines[0]);
        for (int i = 1; i < Math.min(lines.length, 3); i++) {
            out.append(' ').append(lines[i].trim());
        }
        return out.toString().replace("net.sf.jsqlparser.parser.ParseException: ", "");
    }
}
