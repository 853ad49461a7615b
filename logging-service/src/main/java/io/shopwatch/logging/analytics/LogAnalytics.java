package io.shopwatch.logging.analytics;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveException;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.SearchResult;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    public record ErrorRatePoint(long timestamp, String service, long total, long errors, double errorRate) {}

    public record ErrorPattern(String pattern, long count, String example, List<String> services) {}

    public record SearchPage(List<Map<String, Object>> hits, long total, String nextCursor) {}

    public record FunnelStep(String type, long sessions, double conversionFromPrevious, double conversionFromFirst) {}

    public record Funnel(List<FunnelStep> steps, long sessionsScanned, boolean truncated) {}

    public record CartAbandonment(
            long sessionsWithCart, long sessionsWithOrder, long abandoned, double abandonmentRate) {}

    /** Records and errors per service per interval, with the error rate. */
    public List<ErrorRatePoint> errorRate(String org, String stream, TimeRange range, String interval, String service) {
        String sql = "SELECT histogram(_timestamp, " + Sql.interval(interval) + ") AS t, service, count(*) AS total,"
                + " sum(CASE WHEN level IN " + ERROR_LEVELS + " THEN 1 ELSE 0 END) AS errors FROM " + Sql.stream(stream)
                + (service == null ? "" : " WHERE service = " + Sql.literal(service))
                + " GROUP BY t, service ORDER BY t, service";
        List<ErrorRatePoint> points = new ArrayList<>();
        for (Map<String, Object> row : query(org, sql, range, properties.maxRows())) {
            long total = number(row.get("total"));
            long errors = number(row.get("errors"));
            points.add(new ErrorRatePoint(
                    number(row.get("t")),
                    String.valueOf(row.get("service")),
                    total,
                    errors,
                    total == 0 ? 0 : (double) errors / total));
        }
        return points;
    }

    /** The most frequent error messages, grouped by their pattern (numbers, ids and quoted values removed). */
    public List<ErrorPattern> topErrors(String org, String stream, TimeRange range, int limit) {
        String sql = "SELECT message, service, count(*) AS n FROM " + Sql.stream(stream) + " WHERE level IN "
                + ERROR_LEVELS + " GROUP BY message, service ORDER BY n DESC";
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, String> examples = new HashMap<>();
        Map<String, List<String>> services = new HashMap<>();
        for (Map<String, Object> row : query(org, sql, range, properties.maxRows())) {
            String message = String.valueOf(row.get("message"));
            String pattern = MessagePatterns.of(message);
            counts.computeIfAbsent(pattern, p -> new long[1])[0] += number(row.get("n"));
            examples.putIfAbsent(pattern, message);
            List<String> of = services.computeIfAbsent(pattern, p -> new ArrayList<>());
            String service = String.valueOf(row.get("service"));
            if (!of.contains(service)) {
                of.add(service);
            }
        }
        return counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0])
                        .reversed())
                .limit(limit)
                .map(e -> new ErrorPattern(
                        e.getKey(), e.getValue()[0], examples.get(e.getKey()), services.get(e.getKey())))
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
     * each within {@code windowSeconds} of the session's first step.
     */
    public Funnel funnel(String org, String stream, TimeRange range, List<String> steps, long windowSeconds) {
        if (steps.size() < 2 || steps.size() > 10) {
            throw ShopWatchException.invalid("a funnel has 2 to 10 steps");
        }
        String types = String.join(",", steps.stream().map(Sql::literal).toList());
        String sql = "SELECT session_id, type, _timestamp FROM " + Sql.stream(stream) + " WHERE type IN (" + types
                + ") ORDER BY session_id, _timestamp";
        List<Map<String, Object>> rows = query(org, sql, range, properties.maxFunnelRows());
        long[] reached = new long[steps.size()];
        long windowMicros = windowSeconds * 1_000_000;
        String session = null;
        int step = 0;
        long start = 0;
        long sessions = 0;
        for (Map<String, Object> row : rows) {
            String id = String.valueOf(row.get("session_id"));
            if (!id.equals(session)) {
                session = id;
                step = 0;
                sessions++;
            }
            String type = String.valueOf(row.get("type"));
            long at = number(row.get("_timestamp"));
            if (step < steps.size() && type.equals(steps.get(step))) {
                if (step == 0) {
                    start = at;
                } else if (at - start > windowMicros) {
                    continue;
                }
                reached[step]++;
                step++;
            }
        }
        List<FunnelStep> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            double fromPrevious = i == 0 ? 1.0 : ratio(reached[i], reached[i - 1]);
            out.add(new FunnelStep(steps.get(i), reached[i], fromPrevious, ratio(reached[i], reached[0])));
        }
        return new Funnel(out, sessions, rows.size() >= properties.maxFunnelRows());
    }

    /** Everything one session did, in order. */
    public List<Map<String, Object>> sessionTimeline(String org, String stream, TimeRange range, String sessionId) {
        String sql = "SELECT * FROM " + Sql.stream(stream) + " WHERE session_id = " + Sql.literal(sessionId)
                + " ORDER BY _timestamp";
        return query(org, sql, range, properties.maxRows());
    }

    /** Sessions that added to the cart without placing an order. */
    public CartAbandonment cartAbandonment(String org, String stream, TimeRange range) {
        String sql = "SELECT session_id, max(CASE WHEN type = 'add_to_cart' THEN 1 ELSE 0 END) AS carted,"
                + " max(CASE WHEN type = 'order_placed' THEN 1 ELSE 0 END) AS ordered FROM " + Sql.stream(stream)
                + " WHERE type IN ('add_to_cart', 'order_placed') GROUP BY session_id";
        long carted = 0;
        long ordered = 0;
        long abandoned = 0;
        for (Map<String, Object> row : query(org, sql, range, properties.maxFunnelRows())) {
            boolean cart = number(row.get("carted")) > 0;
            boolean order = number(row.get("ordered")) > 0;
            carted += cart ? 1 : 0;
            ordered += order ? 1 : 0;
            abandoned += cart && !order ? 1 : 0;
        }
        return new CartAbandonment(carted, ordered, abandoned, ratio(abandoned, carted));
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
