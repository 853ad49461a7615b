package io.shopwatch.store.duckdb;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopwatch.store.error.StoreException;
import io.shopwatch.store.search.QueryPlanner;
import io.shopwatch.store.search.SearchQuery;
import io.shopwatch.store.search.Searcher;
import io.shopwatch.store.search.ValuesQuery;
import io.shopwatch.store.sql.SqlQuoting;
import io.shopwatch.store.stream.StreamCatalog;
import io.shopwatch.store.stream.StreamKey;
import io.shopwatch.store.stream.StreamMeta;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import org.duckdb.DuckDBStruct;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs planned queries on DuckDB and writes OpenObserve's response: hits as JSON objects with NULL columns left out,
 * integers as numbers, timestamps as {@code YYYY-MM-DDTHH:MM:SS[.ffffff]}. DuckDB's errors become OpenObserve's codes
 * (20001 parse, 20002 unknown table, 20004 unknown column, 20005 unknown function, 20008 anything else, 20010 timeout).
 */
public final class DuckDbSearcher implements Searcher {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern MISSING_FUNCTION =
            Pattern.compile("(?:Scalar|Aggregate|Table)? ?Function with name \"?([^\" ]+?)\"? does not exist");
    private static final Pattern MISSING_TABLE = Pattern.compile("Table with name \"?([^\" ]+?)\"? does not exist");
    private static final Pattern MISSING_COLUMN = Pattern.compile("Referenced column \"?([^\"]+?)\"? not found");

    private final DuckDbDatabase db;
    private final QueryPlanner planner;
    private final StreamCatalog catalog;
    private final int timeoutSeconds;
    private final int valuesDefaultSize;
    private final Timer searches;
    private final MeterRegistry registry;

    public DuckDbSearcher(
            DuckDbDatabase db,
            QueryPlanner planner,
            StreamCatalog catalog,
            int timeoutSeconds,
            int valuesDefaultSize,
            MeterRegistry registry) {
        this.db = db;
        this.planner = planner;
        this.catalog = catalog;
        this.timeoutSeconds = timeoutSeconds;
        this.valuesDefaultSize = valuesDefaultSize;
        this.registry = registry;
        this.searches = Timer.builder("store.search")
                .description("Searches answered")
                .tag("outcome", "success")
                .register(registry);
    }

    @Override
    public ObjectNode search(String org, SearchQuery query) {
        long started = System.nanoTime();
        QueryPlanner.Plan plan;
        try {
            plan = planner.plan(org, query);
        } catch (StoreException e) {
            refused(e);
            throw e;
        }
        int timeout = query.timeoutSeconds() > 0 ? Math.min(query.timeoutSeconds(), timeoutSeconds) : timeoutSeconds;
        ArrayNode hits;
        long total;
        long searchStarted = System.nanoTime();
        try (DuckDbDatabase.Lease lease = db.lease()) {
            hits = run(lease, plan.sql(), timeout);
            total = hits.size();
            if (plan.countSql() != null) {
                ArrayNode count = run(lease, plan.countSql(), timeout);
                total = count.isEmpty() ? 0 : count.get(0).path("zo_sql_num").asLong();
            }
        } catch (StoreException e) {
            refused(e);
            throw e;
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        searches.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        ObjectNode response = NODES.objectNode();
        response.put("took", tookMs);
        ObjectNode detail = response.putObject("took_detail");
        detail.put("total", tookMs);
        detail.put("cache_took", 0);
        detail.put("file_list_took", 0);
        detail.put("wait_in_queue", 0);
        detail.put("idx_took", 0);
        detail.put("search_took", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - searchStarted));
        response.set("hits", hits);
        response.put("total", total);
        response.put("from", query.from());
        response.put("size", query.size() == null ? hits.size() : query.size());
        response.put("cached_ratio", 0);
        response.put("scan_size", 0);
        response.put("idx_scan_size", 0);
        response.put("scan_records", hits.size());
        response.put("trace_id", traceId());
        response.put("is_partial", false);
        response.put("result_cache_ratio", 0);
        if (!plan.warnings().isEmpty()) {
            ArrayNode errors = response.putArray("function_error");
            plan.warnings().forEach(errors::add);
        }
        if (plan.histogramInterval() != null) {
            response.put("histogram_interval", plan.histogramInterval());
        }
        if (plan.startTime() != query.startTime()) {
            response.put("new_start_time", plan.startTime());
            response.put("new_end_time", plan.endTime());
        }
        return response;
    }

    @Override
    public ObjectNode values(String org, ValuesQuery query) {
        long started = System.nanoTime();
        StreamMeta stream = catalog.find(new StreamKey(org, query.type(), query.stream()))
                .orElseThrow(() -> StoreException.streamNotFound(query.stream()));
        int size = query.size() > 0 ? query.size() : valuesDefaultSize;
        List<String> conditions = new ArrayList<>();
        if (query.filter() != null && !query.filter().isBlank()) {
            int eq = query.filter().indexOf('=');
            if (eq <= 0) {
                throw StoreException.badRequest("filter must look like column=value1,value2");
            }
            String column = query.filter().substring(0, eq).trim();
            if (!stream.columns().containsKey(column)) {
                throw StoreException.badRequest("filter column not found: " + column);
            }
            List<String> values = new ArrayList<>();
            for (String v : query.filter().substring(eq + 1).split(",")) {
                values.add(SqlQuoting.literal(v.trim()));
            }
            conditions.add(SqlQuoting.quote(column) + " IN (" + String.join(", ", values) + ")");
        }
        if (query.sql() != null && !query.sql().isBlank()) {
            Select select = planner.parse(query.sql());
            if (select instanceof PlainSelect ps && ps.getWhere() != null) {
                conditions.add("(" + ps.getWhere() + ")");
            }
        }
        ArrayNode hits = NODES.arrayNode();
        for (String field : query.fields()) {
            String name = field.trim();
            if (name.isEmpty() || !stream.columns().containsKey(name)) {
                continue;
            }
            String column = SqlQuoting.quote(name);
            List<String> where = new ArrayList<>(conditions);
            where.add(column + " IS NOT NULL");
            if (query.keyword() != null && !query.keyword().isBlank()) {
                where.add("str_match_ignore_case(" + column + ", " + SqlQuoting.literal(query.keyword()) + ")");
            }
            String sql = query.noCount()
                    ? "SELECT DISTINCT CAST(" + column + " AS VARCHAR) AS zo_sql_key FROM "
                            + SqlQuoting.quote(stream.key().name()) + " WHERE " + String.join(" AND ", where)
                            + " ORDER BY zo_sql_key ASC"
                    : "SELECT CAST(" + column + " AS VARCHAR) AS zo_sql_key, count(*) AS zo_sql_num FROM "
                            + SqlQuoting.quote(stream.key().name()) + " WHERE " + String.join(" AND ", where)
                            + " GROUP BY zo_sql_key ORDER BY zo_sql_num DESC, zo_sql_key ASC";
            SearchQuery search = new SearchQuery(
                    sql, query.startTime(), query.endTime(), 0, size, false, query.type(), 0, "values", 0);
            ObjectNode result = search(org, search);
            ObjectNode hit = hits.addObject();
            hit.put("field", name);
            hit.set("values", result.get("hits"));
        }
        ObjectNode response = NODES.objectNode();
        response.put("took", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        response.set("hits", hits);
        response.put("total", hits.size());
        response.put("from", 0);
        response.put("size", size);
        response.put("scan_size", 0);
        response.put("scan_records", 0);
        response.put("cached_ratio", 0);
        response.put("result_cache_ratio", 0);
        response.put("is_partial", false);
        return response;
    }

    private ArrayNode run(DuckDbDatabase.Lease lease, String sql, int timeout) {
        try (Statement statement = lease.connection().createStatement()) {
            if (timeout > 0) {
                statement.setQueryTimeout(timeout);
            }
            try (ResultSet rs = statement.executeQuery(sql)) {
                return hits(rs);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Rows as JSON objects; NULL columns are left out. */
    static ArrayNode hits(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        String[] names = new String[n];
        String[] types = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = meta.getColumnLabel(i + 1);
            types[i] = meta.getColumnTypeName(i + 1).toUpperCase(Locale.ROOT);
        }
        ArrayNode hits = NODES.arrayNode();
        while (rs.next()) {
            ObjectNode row = hits.addObject();
            for (int i = 0; i < n; i++) {
                write(row, names[i], types[i], rs, i + 1);
            }
        }
        return hits;
    }

    private static void write(ObjectNode row, String name, String type, ResultSet rs, int index) throws SQLException {
        switch (type) {
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT", "UTINYINT" -> {
                long v = rs.getLong(index);
                if (!rs.wasNull()) {
                    row.put(name, v);
                }
            }
            case "DOUBLE", "FLOAT", "REAL" -> {
                double v = rs.getDouble(index);
                if (!rs.wasNull() && !Double.isNaN(v) && !Double.isInfinite(v)) {
                    row.put(name, v);
                }
            }
            case "BOOLEAN" -> {
                boolean v = rs.getBoolean(index);
                if (!rs.wasNull()) {
                    row.put(name, v);
                }
            }
            case "VARCHAR" -> {
                String v = rs.getString(index);
                if (v != null) {
                    row.put(name, v);
                }
            }
            case "TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_S" -> {
                LocalDateTime v = rs.getObject(index, LocalDateTime.class);
                if (v != null) {
                    row.put(name, timestamp(v));
                }
            }
            case "TIMESTAMP WITH TIME ZONE" -> {
                OffsetDateTime v = rs.getObject(index, OffsetDateTime.class);
                if (v != null) {
                    row.put(
                            name,
                            timestamp(v.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()));
                }
            }
            case "DATE" -> {
                LocalDate v = rs.getObject(index, LocalDate.class);
                if (v != null) {
                    row.put(name, v.toString());
                }
            }
            default -> {
                Object v = rs.getObject(index);
                if (v != null) {
                    row.set(name, json(v));
                }
            }
        }
    }

    /**
     * A value of a list, struct or other column as JSON, the way OpenObserve's Arrow JSON writer writes it: lists
     * ({@code array_agg}, {@code string_to_array}, {@code regexp_match}, ...) as JSON arrays, structs and maps as
     * objects, NULL elements as {@code null}.
     */
    static JsonNode json(Object v) throws SQLException {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof Array array) {
            ArrayNode out = NODES.arrayNode();
            for (Object element : (Object[]) array.getArray()) {
                out.add(json(element));
            }
            return out;
        }
        if (v instanceof DuckDBStruct struct) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<String, Object> e : struct.getMap().entrySet()) {
                out.set(e.getKey(), json(e.getValue()));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.set(String.valueOf(e.getKey()), json(e.getValue()));
            }
            return out;
        }
        if (v instanceof String text) {
            return NODES.stringNode(text);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return NODES.numberNode(((Number) v).longValue());
        }
        if (v instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (v instanceof BigDecimal dec) {
            return NODES.numberNode(dec);
        }
        if (v instanceof Number num) {
            double d = num.doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d) ? NODES.nullNode() : NODES.numberNode(d);
        }
        if (v instanceof LocalDateTime t) {
            return NODES.stringNode(timestamp(t));
        }
        if (v instanceof Timestamp t) {
            return NODES.stringNode(timestamp(t.toLocalDateTime()));
        }
        if (v instanceof OffsetDateTime t) {
            return NODES.stringNode(
                    timestamp(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()));
        }
        return NODES.stringNode(String.valueOf(v));
    }

    /**
     * {@code 2024-05-01T10:05:00}, with 3 or 6 fraction digits when the value has them. Written digit by digit: this
     * runs for every timestamp of every answer, and {@code String.format} cost more than the rest of a small search.
     */
    static String timestamp(LocalDateTime v) {
        int year = v.getYear();
        if (year < 0 || year > 9999) {
            return legacyTimestamp(v);
        }
        StringBuilder out = new StringBuilder(26);
        digits(out, year, 4).append('-');
        digits(out, v.getMonthValue(), 2).append('-');
        digits(out, v.getDayOfMonth(), 2).append('T');
        digits(out, v.getHour(), 2).append(':');
        digits(out, v.getMinute(), 2).append(':');
        digits(out, v.getSecond(), 2);
        int micros = v.getNano() / 1_000;
        if (micros == 0) {
            return out.toString();
        }
        if (micros % 1_000 == 0) {
            return digits(out.append('.'), micros / 1_000, 3).toString();
        }
        return digits(out.append('.'), micros, 6).toString();
    }

    /** {@code value} (not negative) with leading zeros to {@code width} digits. */
    private static StringBuilder digits(StringBuilder out, int value, int width) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(text);
    }

    /** The same through {@code String.format}, for years outside 0–9999. */
    static String legacyTimestamp(LocalDateTime v) {
        String base = String.format(
                Locale.ROOT,
                "%04d-%02d-%02dT%02d:%02d:%02d",
                v.getYear(),
                v.getMonthValue(),
                v.getDayOfMonth(),
                v.getHour(),
                v.getMinute(),
                v.getSecond());
        int micros = v.getNano() / 1_000;
        if (micros == 0) {
            return base;
        }
        if (micros % 1_000 == 0) {
            return base + String.format(Locale.ROOT, ".%03d", micros / 1_000);
        }
        return base + String.format(Locale.ROOT, ".%06d", micros);
    }

    /** OpenObserve's code for a DuckDB error. */
    static StoreException translate(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String detail = clean(message);
        Matcher m;
        if (message.contains("Parser Error")) {
            return StoreException.sqlNotValid(detail);
        }
        if (message.contains("INTERRUPT") || message.contains("Interrupted") || message.contains("timeout")) {
            return StoreException.timeout(detail);
        }
        if ((m = MISSING_FUNCTION.matcher(message)).find()) {
            return StoreException.functionNotDefined(m.group(1));
        }
        if ((m = MISSING_TABLE.matcher(message)).find()) {
            String table = m.group(1);
            return StoreException.streamNotFound(table.startsWith("__zo_cte_") ? table.substring(9) : table);
        }
        if ((m = MISSING_COLUMN.matcher(message)).find()) {
            return StoreException.fieldNotFound(m.group(1));
        }
        return StoreException.executeError(detail);
    }

    /** The DuckDB message without the excerpt of the rewritten SQL (which names internal tables). */
    private static String clean(String message) {
        int line = message.indexOf("\n\nLINE ");
        String text = line >= 0 ? message.substring(0, line) : message;
        return text.replaceAll("\"org_[^\"]*\"\\.\"[a-z_]+__([^\"]*)\"", "\"$1\"")
                .trim();
    }

    private void refused(StoreException e) {
        registry.counter("store.search.refused", "code", Integer.toString(e.code()))
                .increment();
    }

    private static String traceId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
