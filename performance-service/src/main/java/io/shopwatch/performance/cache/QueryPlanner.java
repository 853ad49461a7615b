package io.shopwatch.performance.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a read into a {@link QueryPlan}. The key of a {@code _search} is the org, the query parameters (but the cache
 * switches), and the body with its SQL in normal form and its base64 encoding undone, keys sorted: two requests that
 * differ only in whitespace, keyword case, field order or encoding share it; any other difference (another time range,
 * size, histogram interval, stream type) gives another key.
 */
public final class QueryPlanner {

    /** Query parameters that steer the cache rather than the answer. */
    public static final Set<String> CACHE_SWITCHES = Set.of("use_cache", "clear_cache");

    /** Body fields that do not change the answer. */
    private static final Set<String> IGNORED_BODY_FIELDS = Set.of("timeout", "encoding");

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();

    /**
     * Parsing SQL with JSqlParser is the costliest step of planning (milliseconds): a dashboard sends the same SQL again
     * and again with another time range, so the parsed form is remembered by the SQL text (the result depends on the
     * text alone).
     */
    private static final Cache<String, Optional<SqlNormaliser.ParsedSql>> PARSED =
            Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();

    private static final Cache<String, Optional<HistogramShape.Bucketed>> SHAPES =
            Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();

    private static final Cache<String, Optional<AggregateShape.Aggregated>> AGGREGATES =
            Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();

    private QueryPlanner() {}

    /** The plan of {@code POST /api/{org}/_search}. */
    public static QueryPlan search(String org, String rawQuery, byte[] body) {
        Map<String, String> params = parameters(rawQuery);
        String rawKey = "search:" + org + ":" + params + ":" + sha256(body);
        JsonNode parsed;
        try {
            parsed = CANONICAL.readTree(body);
        } catch (JacksonException e) {
            return QueryPlan.uncacheable(rawKey, org, "unreadable body");
        }
        if (!(parsed instanceof ObjectNode request) || !(request.get("query") instanceof ObjectNode query)) {
            return QueryPlan.uncacheable(rawKey, org, "body without query");
        }
        JsonNode sqlNode = query.get("sql");
        if (sqlNode == null || !sqlNode.isString()) {
            return QueryPlan.uncacheable(rawKey, org, "query without sql");
        }
        String sql = sqlNode.asString();
        if ("base64".equalsIgnoreCase(request.path("encoding").asString(""))) {
            try {
                sql = new String(Base64.getDecoder().decode(sql.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return QueryPlan.uncacheable(rawKey, org, "sql not base64");
            }
        }
        Optional<SqlNormaliser.ParsedSql> parsedSql = PARSED.get(sql, SqlNormaliser::parse);
        if (parsedSql.isEmpty()) {
            return QueryPlan.uncacheable(rawKey, org, "unparsed sql");
        }
        SqlNormaliser.ParsedSql normal = parsedSql.get();
        ObjectNode canonical = request.deepCopy();
        IGNORED_BODY_FIELDS.forEach(canonical::remove);
        ((ObjectNode) canonical.get("query")).put("sql", normal.normalised());
        String prefix = "search:" + org + ":" + params + ":";
        String key = prefix + sorted(canonical);
        JsonNode start = query.get("start_time");
        JsonNode end = query.get("end_time");
        boolean timed = start != null && start.isIntegralNumber() && end != null && end.isIntegralNumber();
        boolean cacheable = timed && normal.deterministic() && !normal.streams().isEmpty();
        HistogramShape.Bucketed bucketed = null;
        if (cacheable
                && normal.streams().size() == 1
                && query.path("from").asLong(0) == 0
                && !query.path("track_total_hits").asBoolean(false)) {
            bucketed = SHAPES.get(normal.normalised(), HistogramShape::of).orElse(null);
        }
        // a histogram whose aggregates merge is also an aggregate grouped by bucket: the frontend tries that first (its
        // pieces need not end on bucket boundaries) and falls back to the histogram's split
        AggregateShape.Aggregated aggregated = null;
        if (cacheable
                && normal.streams().size() == 1
                && query.path("from").asLong(0) == 0
                && !query.path("track_total_hits").asBoolean(false)) {
            aggregated = AGGREGATES.get(normal.normalised(), AggregateShape::of).orElse(null);
        }
        return new QueryPlan(
                key,
                org,
                normal.streams(),
                timed ? start.asLong() : 0,
                timed ? end.asLong() : 0,
                cacheable,
                normal.normalised(),
                bucketed,
                bucketed == null && aggregated == null
                        ? null
                        : new QueryPlan.Split(prefix, request, canonical, pieceKeys(prefix, canonical)),
                aggregated);
    }

    private static final long START_MARK = -7_777_777_777_777_771L;
    private static final long END_MARK = -7_777_777_777_777_772L;

    /** The key of a piece, {@code prefix} + the sorted canonical body over its range, as text around the range. */
    private static QueryPlan.PieceKeys pieceKeys(String prefix, ObjectNode canonical) {
        ObjectNode marked = canonical.deepCopy();
        ((ObjectNode) marked.get("query")).put("start_time", START_MARK).put("end_time", END_MARK);
        String key = prefix + sorted(marked);
        String start = "\"start_time\":" + START_MARK;
        String end = "\"end_time\":" + END_MARK;
        int startAt = key.indexOf(start);
        int endAt = key.indexOf(end);
        boolean startFirst = startAt < endAt;
        int first = startFirst ? startAt : endAt;
        int second = startFirst ? endAt : startAt;
        String firstName = startFirst ? "\"start_time\":" : "\"end_time\":";
        String firstMark = startFirst ? start : end;
        String secondName = startFirst ? "\"end_time\":" : "\"start_time\":";
        String secondMark = startFirst ? end : start;
        return new QueryPlan.PieceKeys(
                key.substring(0, first) + firstName,
                key.substring(first + firstMark.length(), second) + secondName,
                key.substring(second + secondMark.length()),
                startFirst);
    }

    /** One piece of a split query: its plan (own key and range) and the body to send for it (null when never sent). */
    public record Piece(QueryPlan plan, byte[] body) {}

    /** The same query over {@code [start, end)}. */
    public static Piece piece(QueryPlan plan, long start, long end) {
        QueryPlan.Split split = plan.split();
        ObjectNode request = split.request().deepCopy();
        ((ObjectNode) request.get("query")).put("start_time", start).put("end_time", end);
        QueryPlan piece = new QueryPlan(
                split.pieceKeys().key(start, end),
                plan.org(),
                plan.streams(),
                start,
                end,
                plan.cacheable(),
                plan.description());
        return new Piece(piece, CANONICAL.writeValueAsBytes(request));
    }

    /**
     * One piece of a mergeable aggregate query, as {@link #piece} but under a key of its own: its cached answer is the
     * piece's groups cut from the pieces' query (all of them, in the store's order), not the query's answer over the
     * piece (ordered, cut at the LIMIT), so a read of exactly that range must not find it.
     */
    public static Piece aggregatePiece(QueryPlan plan, long start, long end) {
        // never sent: the store query of aggregate pieces is their span's (aggregateSpan)
        return new Piece(
                new QueryPlan(
                        "aggregate-piece " + plan.split().pieceKeys().key(start, end),
                        plan.org(),
                        plan.streams(),
                        start,
                        end,
                        plan.cacheable(),
                        plan.description()),
                null);
    }

    /**
     * The store query of an aggregate query's pieces over {@code [start, end)}: its SQL grouped by split step as well
     * ({@link AggregateShape.Aggregated#spanSql}), sent as plain text. Its key is its own, for coalescing; its answer
     * is never cached as it is.
     */
    public static Piece aggregateSpan(QueryPlan plan, long start, long end, long stepMicros) {
        return withSql(plan, plan.aggregated().spanSql(stepMicros), start, end);
    }

    /**
     * The pieces' store query of an aggregate query ({@link #aggregateSpan}) over {@code [start, end)} leaving out the
     * records of the {@code excluded} ranges ({@link ExcludedRanges}); empty when its SQL cannot be rewritten.
     */
    public static Optional<Piece> aggregateSpan(
            QueryPlan plan, long start, long end, long stepMicros, List<long[]> excluded) {
        return ExcludedRanges.sql(plan.aggregated().spanSql(stepMicros), excluded)
                .map(sql -> withSql(plan, sql, start, end));
    }

    /**
     * A histogram query over {@code [start, end)} leaving out the records of the {@code excluded} ranges
     * ({@link ExcludedRanges}), sent as plain text under a key of its own (for coalescing; never cached as it is);
     * empty when its SQL cannot be rewritten.
     */
    public static Optional<Piece> excluding(QueryPlan plan, long start, long end, List<long[]> excluded) {
        return ExcludedRanges.sql(plan.description(), excluded).map(sql -> withSql(plan, sql, start, end));
    }

    /** The query of {@code plan} with another SQL (sent as plain text) over {@code [start, end)}. */
    private static Piece withSql(QueryPlan plan, String sql, long start, long end) {
        QueryPlan.Split split = plan.split();
        ObjectNode canonical = split.canonical().deepCopy();
        ((ObjectNode) canonical.get("query"))
                .put("sql", sql)
                .put("start_time", start)
                .put("end_time", end);
        ObjectNode request = split.request().deepCopy();
        request.remove("encoding");
        ((ObjectNode) request.get("query"))
                .put("sql", sql)
                .put("start_time", start)
                .put("end_time", end);
        QueryPlan piece =
                new QueryPlan(split.prefix() + sorted(canonical), plan.org(), plan.streams(), start, end, false, sql);
        return new Piece(piece, CANONICAL.writeValueAsBytes(request));
    }

    /** The plan of {@code GET /api/{org}/{stream}/_values}: the stream and the time range come from the parameters. */
    public static QueryPlan values(String org, String stream, String rawQuery) {
        Map<String, String> params = parameters(rawQuery);
        String key = "values:" + org + ":" + stream + ":" + params;
        String description = "_values " + stream + " " + params.getOrDefault("fields", "");
        Long start = number(params.get("start_time"));
        Long end = number(params.get("end_time"));
        boolean deterministic = true;
        String sql = params.get("sql");
        if (sql != null && !sql.isBlank()) {
            try {
                String decoded = new String(Base64.getDecoder().decode(sql.trim()), StandardCharsets.UTF_8);
                deterministic = SqlNormaliser.parse(decoded)
                        .map(SqlNormaliser.ParsedSql::deterministic)
                        .orElse(false);
            } catch (IllegalArgumentException e) {
                deterministic = false;
            }
        }
        boolean cacheable = start != null && end != null && deterministic;
        return new QueryPlan(
                key,
                org,
                Set.of(stream.toLowerCase(Locale.ROOT)),
                start == null ? 0 : start,
                end == null ? 0 : end,
                cacheable,
                description);
    }

    /** Decoded query parameters, sorted, without the cache switches (the last value of a repeated name wins). */
    public static Map<String, String> parameters(String rawQuery) {
        Map<String, String> params = new TreeMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!CACHE_SWITCHES.contains(name)) {
                params.put(name, value);
            }
        }
        return params;
    }

    /** Whether the caller asked not to use the cache: {@code use_cache=false} or {@code clear_cache=true}. */
    public static boolean bypassRequested(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = decode(pair.substring(0, eq));
            String value = decode(pair.substring(eq + 1)).trim().toLowerCase(Locale.ROOT);
            if (name.equals("use_cache") && value.equals("false")) {
                return true;
            }
            if (name.equals("clear_cache") && value.equals("true")) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static Long number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String sorted(JsonNode node) {
        Object plain = CANONICAL.convertValue(node, Object.class);
        return CANONICAL.writeValueAsString(plain);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
