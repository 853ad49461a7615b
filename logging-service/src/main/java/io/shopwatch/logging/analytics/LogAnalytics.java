package io.shopwatch.logging.analytics;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveException;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.SearchResult;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Log and behaviour analytics, read from OpenObserve with SQL (through the query frontend when there is one): error
 * rates, top error patterns, log search, conversion funnels, session timelines and cart abandonment. Every query runs
 * in the caller's org only, since the client is bound to it.
 */
public final class LogAnalytics {

    /** Levels that count as errors. */
    static final String ERROR_LEVELS = "('ERROR','FATAL')";

    private final Function<String, OpenObserveClient> clientForOrg;
    private final AnalyticsProperties properties;

    public LogAnalytics(Function<String, OpenObserveClient> clientForOrg, AnalyticsProperties properties) {
        this.clientForOrg = clientForOrg;
        this.properties = properties;
    }

    public record TimeRange(Instant from, Instant to) {
        public TimeRange {
            if (!from.isBefore(to)) {
                throw ShopWatchException.invalid("'from' must be before 'to'");
            }
        }
    }

    /**
     * One bucket of the error-rate series.
     *
     * @param timestamp start of the bucket, microseconds since the epoch (as every OpenObserve data timestamp)
     */
    public record ErrorRatePoint(long timestamp, String service, long total, long errors, double errorRate) {}

    public record ErrorPattern(String pattern, long count, String example, List<String> services) {}

    public record SearchPage(List<Map<String, Object>> hits, long total, String nextCursor) {}

    public record FunnelStep(String type, long sessions, double conversionFromPrevious, double conversionFromFirst) {}

    /** {@code truncated} is always false: the funnel is counted in the store, over every event of the range. */
    public record Funnel(List<FunnelStep> steps, long sessionsScanned, boolean truncated) {}

    public record CartAbandonment(
            long sessionsWithCart, long sessionsWithOrder, long abandoned, double abandonmentRate) {}

    /** The first {@code limit} events of a session; {@code truncated} when it has more. */
    public record Timeline(List<Map<String, Object>> events, boolean truncated, int limit) {}

    /**
     * Records and errors per service per interval, with the error rate, counted in the store. A series of more than
     * {@code maxRows} points (buckets times services) is refused rather than cut.
     */
    public List<ErrorRatePoint> errorRate(String org, String stream, TimeRange range, String interval, String service) {
        String bucket = Sql.interval(interval);
        long buckets = Duration.between(range.from(), range.to()).toSeconds() / Sql.intervalSeconds(interval) + 1;
        if (buckets > properties.maxRows()) {
            throw tooManyPoints(buckets + " intervals");
        }
        String sql = "SELECT histogram(_timestamp, " + bucket + ") AS t, service, count(*) AS total,"
                + " sum(CASE WHEN level IN " + ERROR_LEVELS + " THEN 1 ELSE 0 END) AS errors FROM " + Sql.stream(stream)
                + (service == null ? "" : " WHERE service = " + Sql.literal(service))
                + " GROUP BY t, service ORDER BY t, service";
        List<Map<String, Object>> rows = query(org, sql, range, properties.maxRows() + 1);
        if (rows.size() > properties.maxRows()) {
            throw tooManyPoints("more than " + properties.maxRows() + " points");
        }
        List<ErrorRatePoint> points = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            long total = number(row.get("total"));
            long errors = number(row.get("errors"));
            points.add(new ErrorRatePoint(
                    bucketTime(row.get("t")),
                    String.valueOf(row.get("service")),
                    total,
                    errors,
                    total == 0 ? 0 : (double) errors / total));
        }
        return points;
    }

    private ShopWatchException tooManyPoints(String what) {
        return ShopWatchException.invalid("the series would have " + what + ", more than the " + properties.maxRows()
                + " points an answer may carry (ANALYTICS_MAX_ROWS): choose a larger interval, a shorter range or one"
                + " service");
    }

    private static long bucketTime(Object value) {
        try {
            return BucketTimes.micros(value);
        } catch (IllegalArgumentException e) {
            throw new ShopWatchException(ProblemType.BAD_GATEWAY, "the log store answered " + e.getMessage(), e);
        }
    }

    /**
     * The most frequent error messages, grouped by their pattern ({@link MessagePatterns}: numbers, ids and quoted
     * values removed). Patterns are formed and counted in the store, so every error of the range is counted; a
     * second query lists the services of the patterns shown.
     */
    public List<ErrorPattern> topErrors(String org, String stream, TimeRange range, int limit) {
        String errors =
                "(SELECT " + MessagePatterns.sql("coalesce(message, '')") + " AS pattern, message, service FROM "
                        + Sql.stream(stream) + " WHERE level IN " + ERROR_LEVELS + ") AS errors";
        String top = "SELECT pattern, count(*) AS n, min(message) AS example, count(DISTINCT service) AS services FROM "
                + errors + " GROUP BY pattern ORDER BY n DESC, pattern LIMIT " + limit;
        List<Map<String, Object>> patterns = query(org, top, range, limit);
        if (patterns.isEmpty()) {
            return List.of();
        }
        long pairs = 0;
        List<String> names = new ArrayList<>(patterns.size());
        for (Map<String, Object> row : patterns) {
            names.add(Sql.literal(String.valueOf(row.get("pattern"))));
            // one more per pattern for records without a service
            pairs += number(row.get("services")) + 1;
        }
        String bySql = "SELECT pattern, service, count(*) AS n FROM " + errors + " WHERE pattern IN ("
                + String.join(", ", names) + ") GROUP BY pattern, service ORDER BY n DESC, service";
        Map<String, List<String>> services = new HashMap<>();
        for (Map<String, Object> row : query(org, bySql, range, (int) Math.min(Integer.MAX_VALUE, pairs))) {
            services.computeIfAbsent(String.valueOf(row.get("pattern")), p -> new ArrayList<>())
                    .add(String.valueOf(row.get("service")));
        }
        return patterns.stream()
                .map(row -> {
                    String pattern = String.valueOf(row.get("pattern"));
                    return new ErrorPattern(
                            pattern,
                            number(row.get("n")),
                            String.valueOf(row.get("example")),
                            services.getOrDefault(pattern, List.of()));
                })
                .toList();
    }

    /**
     * Log search, newest first: full-text {@code text} (OpenObserve's {@code match_all}), optional level and service,
     * paged with an opaque cursor.
     */
    public SearchPage search(
            String org,
            String stream,
            TimeRange range,
            String text,
            String level,
            String service,
            int limit,
            String cursor) {
        List<String> where = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            where.add("match_all(" + Sql.literal(text) + ")");
        }
        if (level != null && !level.isBlank()) {
            where.add("level = " + Sql.literal(level.toUpperCase(java.util.Locale.ROOT)));
        }
        if (service != null && !service.isBlank()) {
            where.add("service = " + Sql.literal(service));
        }
        String sql = "SELECT * FROM " + Sql.stream(stream)
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY _timestamp DESC";
        long offset = Cursor.decode(cursor);
        SearchResult result = run(
                org,
                SearchRequest.sql(sql)
                        .range(SearchRequest.micros(range.from()), SearchRequest.micros(range.to()))
                        .from(offset)
                        .size(limit)
                        .trackTotalHits(true)
                        .build());
        long next = offset + result.hits().size();
        return new SearchPage(result.hits(), result.total(), next < result.total() ? Cursor.encode(next) : null);
    }

    /**
     * A conversion funnel: of the sessions that did step 1, how many then did step 2, then step 3 ... in this order,
     * each within {@code windowSeconds} of the session's first step 1. Counted in the store with aggregations
     * ({@link FunnelSql}), so the counts are exact however many events the range holds.
     */
    public Funnel funnel(String org, String stream, TimeRange range, List<String> steps, long windowSeconds) {
        if (steps.size() < 2 || steps.size() > 10) {
            throw ShopWatchException.invalid("a funnel has 2 to 10 steps");
        }
        String sql = FunnelSql.of(Sql.stream(stream), steps, windowSeconds * 1_000_000);
        long[] reached = new long[steps.size()];
        long sessions = 0;
        for (Map<String, Object> row : query(org, sql, range, steps.size() + 1)) {
            int step = (int) number(row.get("step"));
            long count = number(row.get("sessions"));
            if (step == FunnelSql.SCANNED) {
                sessions = count;
            } else {
                reached[step] = count;
            }
        }
        List<FunnelStep> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            double fromPrevious = i == 0 ? 1.0 : ratio(reached[i], reached[i - 1]);
            out.add(new FunnelStep(steps.get(i), reached[i], fromPrevious, ratio(reached[i], reached[0])));
        }
        return new Funnel(out, sessions, false);
    }

    /** Everything one session did, in order: its first {@code maxRows} events, {@code truncated} when it has more. */
    public Timeline sessionTimeline(String org, String stream, TimeRange range, String sessionId) {
        String sql = "SELECT * FROM " + Sql.stream(stream) + " WHERE session_id = " + Sql.literal(sessionId)
                + " ORDER BY _timestamp";
        int limit = properties.maxRows();
        List<Map<String, Object>> events = query(org, sql, range, limit + 1);
        boolean truncated = events.size() > limit;
        return new Timeline(truncated ? events.subList(0, limit) : events, truncated, limit);
    }

    /** Sessions that added to the cart without placing an order, counted in the store. */
    public CartAbandonment cartAbandonment(String org, String stream, TimeRange range) {
        String perSession = "SELECT session_id, max(CASE WHEN type = 'add_to_cart' THEN 1 ELSE 0 END) AS carted,"
                + " max(CASE WHEN type = 'order_placed' THEN 1 ELSE 0 END) AS ordered FROM " + Sql.stream(stream)
                + " WHERE type IN ('add_to_cart', 'order_placed') GROUP BY session_id";
        String sql = "SELECT sum(carted) AS carted, sum(ordered) AS ordered,"
                + " sum(CASE WHEN carted = 1 AND ordered = 0 THEN 1 ELSE 0 END) AS abandoned FROM (" + perSession
                + ") AS sessions";
        List<Map<String, Object>> rows = query(org, sql, range, 1);
        Map<String, Object> row = rows.isEmpty() ? Map.of() : rows.get(0);
        long carted = number(row.get("carted"));
        long abandoned = number(row.get("abandoned"));
        return new CartAbandonment(carted, number(row.get("ordered")), abandoned, ratio(abandoned, carted));
    }

    private List<Map<String, Object>> query(String org, String sql, TimeRange range, int size) {
        return run(
                        org,
                        SearchRequest.sql(sql)
                                .range(SearchRequest.micros(range.from()), SearchRequest.micros(range.to()))
                                .size(size)
                                .build())
                .hits();
    }

    private SearchResult run(String org, SearchRequest request) {
        try {
            return clientForOrg.apply(org).search(request);
        } catch (OpenObserveException e) {
            if (e.isTransient()) {
                throw new ShopWatchException(ProblemType.UNAVAILABLE, "the log store is unavailable", e);
            }
            if (e.status() == 404
                    || String.valueOf(e.getMessage())
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("not found")) {
                throw new ShopWatchException(ProblemType.NOT_FOUND, "no such stream in org " + org, e);
            }
            throw new ShopWatchException(ProblemType.VALIDATION, "the store refused the query: " + e.getMessage(), e);
        }
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return (long) Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** Paging cursors: the offset of the next page, opaque to clients. */
    static final class Cursor {
        private Cursor() {}

        static String encode(long offset) {
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("o:" + offset).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static long decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return 0;
            }
            try {
                String text = new String(
                        java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
                if (!text.startsWith("o:")) {
                    throw new IllegalArgumentException(text);
                }
                return Long.parseLong(text.substring(2));
            } catch (IllegalArgumentException e) {
                throw ShopWatchException.invalid("cursor is not one this API handed out");
            }
        }
    }
}
