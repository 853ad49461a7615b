package io.shopwatch.tracing.query;

import io.shopwatch.common.openobserve.OpenObserveException;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.StreamSearch;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.common.trace.SpanRows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads traces from the org's {@code traces} stream through OpenObserve's {@code _search} (SQL): one trace's spans as a
 * {@link TraceTree}, and the traces whose spans match a {@link TraceQuery}, each summarised over all its spans.
 */
public final class TraceReader {

    /** The most spans a trace view reads. */
    static final int MAX_SPANS = 10_000;

    /** OpenObserve's code for a column no row of the stream has. */
    static final int SEARCH_FIELD_NOT_FOUND = 20004;

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    /** A trace found by a search; times in ns, duration in µs. */
    public record Summary(
            String traceId,
            long startTime,
            long endTime,
            long duration,
            long spans,
            long errors,
            List<ServiceCount> services) {}

    /** Spans and errors of one service in a trace. */
    public record ServiceCount(String service, long spans, long errors) {}

    /** The most log records a trace view shows. */
    static final int MAX_LOGS = 1_000;

    private final Function<String, StreamSearch> searchForOrg;
    private final String stream;
    private final List<String> logsStreams;
    private final Duration logsMargin;

    /** A reader of traces alone (the trace view shows no logs). */
    public TraceReader(Function<String, StreamSearch> searchForOrg, String stream) {
        this(searchForOrg, stream, List.of(), Duration.ZERO);
    }

    /**
     * @param logsStreams logs streams whose records with a trace's {@code trace_id} the trace view shows
     * @param logsMargin how far before the trace's first span and after its last those logs are looked for
     */
    public TraceReader(
            Function<String, StreamSearch> searchForOrg, String stream, List<String> logsStreams, Duration logsMargin) {
        this.searchForOrg = searchForOrg;
        this.stream = stream;
        this.logsStreams = List.copyOf(logsStreams);
        this.logsMargin = logsMargin;
    }

    /** Whether a text is a trace id as stored (32 lower-case hex digits, after lower-casing). */
    public static boolean isTraceId(String id) {
        return id != null && TRACE_ID.matcher(id.toLowerCase(Locale.ROOT)).matches();
    }

    /** One trace with its logs, or empty when no span of it lies in the time range. */
    public Optional<TraceTree.View> trace(String org, String traceId, Instant start, Instant end) {
        List<Map<String, Object>> rows = spans(org, traceId, start, end);
        TraceTree.View view = TraceTree.of(traceId.toLowerCase(Locale.ROOT), rows);
        if (view == null) {
            return Optional.empty();
        }
        Instant from = nanosToInstant(view.startTime()).minus(logsMargin);
        Instant to = nanosToInstant(view.endTime()).plus(logsMargin).plusNanos(1000);
        return Optional.of(view.withLogs(logs(org, view.traceId(), from, to)));
    }

    /**
     * The records of the logs streams carrying this {@code trace_id}, oldest first (at most {@link #MAX_LOGS}); a
     * stream without the column, or missing, has none.
     */
    public List<Map<String, Object>> logs(String org, String traceId, Instant start, Instant end) {
        List<Map<String, Object>> logs = new ArrayList<>();
        for (String logsStream : logsStreams) {
            String sql = "SELECT * FROM " + quoteName(logsStream) + " WHERE trace_id = " + quote(traceId)
                    + " ORDER BY _timestamp";
            logs.addAll(search(org, sql, start, end, MAX_LOGS, StreamType.LOGS));
        }
        logs.sort(Comparator.comparingLong(row -> number(row.get(SpanRows.TIMESTAMP))));
        return logs.size() > MAX_LOGS ? logs.subList(0, MAX_LOGS) : logs;
    }

    private static Instant nanosToInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The newest traces with a span matching the query. */
    public List<Summary> search(String org, TraceQuery query) {
        List<String> ids = matchingTraceIds(org, query);
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", ids.stream().map(TraceReader::quote).toList());
        String perService = "SELECT trace_id, service_name, count(*) AS spans,"
                + " sum(CASE WHEN span_status = 'ERROR' THEN 1 ELSE 0 END) AS errors,"
                + " min(start_time) AS start_time, max(end_time) AS end_time FROM " + table()
                + " WHERE trace_id IN (" + in + ") GROUP BY trace_id, service_name";
        Map<String, List<Map<String, Object>>> byTrace = new LinkedHashMap<>();
        for (Map<String, Object> hit : search(org, perService, query.start(), query.end(), ids.size() * 100)) {
            byTrace.computeIfAbsent(String.valueOf(hit.get(SpanRows.TRACE_ID)), k -> new ArrayList<>())
                    .add(hit);
        }
        List<Summary> summaries = new ArrayList<>();
        byTrace.forEach((traceId, services) -> {
            long start = Long.MAX_VALUE;
            long end = Long.MIN_VALUE;
            long spans = 0;
            long errors = 0;
            List<ServiceCount> counts = new ArrayList<>();
            for (Map<String, Object> s : services) {
                start = Math.min(start, number(s.get("start_time")));
                end = Math.max(end, number(s.get("end_time")));
                spans += number(s.get("spans"));
                errors += number(s.get("errors"));
                counts.add(new ServiceCount(
                        String.valueOf(s.get(SpanRows.SERVICE_NAME)), number(s.get("spans")), number(s.get("errors"))));
            }
            counts.sort(Comparator.comparing(ServiceCount::service));
            summaries.add(new Summary(traceId, start, end, (end - start) / 1000, spans, errors, counts));
        });
        summaries.sort(Comparator.comparingLong(Summary::startTime).reversed());
        return summaries;
    }

    /**
     * The spans of the newest traces with a span matching the query, each trace's spans in start order, the traces
     * newest first (at most {@link #MAX_SPANS} spans in all).
     */
    public List<List<Map<String, Object>>> traces(String org, TraceQuery query) {
        List<String> ids = matchingTraceIds(org, query);
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", ids.stream().map(TraceReader::quote).toList());
        String sql = "SELECT * FROM " + table() + " WHERE trace_id IN (" + in + ") ORDER BY start_time";
        Map<String, List<Map<String, Object>>> byTrace = new LinkedHashMap<>();
        ids.forEach(id -> byTrace.put(id, new ArrayList<>()));
        for (Map<String, Object> row : search(org, sql, query.start(), query.end(), MAX_SPANS)) {
            List<Map<String, Object>> spans = byTrace.get(String.valueOf(row.get(SpanRows.TRACE_ID)));
            if (spans != null) {
                spans.add(row);
            }
        }
        return byTrace.values().stream().filter(spans -> !spans.isEmpty()).toList();
    }

    /** One trace's span rows in start order; empty when none lies in the range. */
    public List<Map<String, Object>> spans(String org, String traceId, Instant start, Instant end) {
        String id = traceId.toLowerCase(Locale.ROOT);
        if (!isTraceId(id)) {
            throw new IllegalArgumentException("a trace id is 32 hex digits");
        }
        String sql = "SELECT * FROM " + table() + " WHERE trace_id = '" + id + "' ORDER BY start_time";
        return search(org, sql, start, end, MAX_SPANS);
    }

    /** The services having spans in the range, sorted. */
    public List<String> services(String org, Instant start, Instant end) {
        String sql = "SELECT service_name, count(*) AS spans FROM " + table() + " GROUP BY service_name";
        return names(search(org, sql, start, end, MAX_SPANS), SpanRows.SERVICE_NAME);
    }

    /** The operations of a service having spans in the range, sorted. */
    public List<String> operations(String org, String service, Instant start, Instant end) {
        String sql = "SELECT operation_name, count(*) AS spans FROM " + table() + " WHERE service_name = "
                + quote(service) + " GROUP BY operation_name";
        return names(search(org, sql, start, end, MAX_SPANS), SpanRows.OPERATION_NAME);
    }

    private static List<String> names(List<Map<String, Object>> hits, String column) {
        return hits.stream()
                .map(hit -> hit.get(column))
                .filter(java.util.Objects::nonNull)
                .map(String::valueOf)
                .distinct()
                .sorted()
                .toList();
    }

    /** The ids of the newest traces (at most the query's limit) with a span matching every filter. */
    private List<String> matchingTraceIds(String org, TraceQuery query) {
        List<String> where = new ArrayList<>();
        if (query.service() != null) {
            where.add("service_name = " + quote(query.service()));
        }
        if (query.operation() != null) {
            where.add("operation_name = " + quote(query.operation()));
        }
        if (query.minDurationMicros() != null) {
            where.add("duration >= " + query.minDurationMicros());
        }
        if (query.maxDurationMicros() != null) {
            where.add("duration <= " + query.maxDurationMicros());
        }
        if (query.status() != null) {
            where.add("span_status = " + quote(query.status().toUpperCase(Locale.ROOT)));
        }
        query.attributes().forEach((key, value) -> where.add(attributeCondition(key, value)));
        String matching = "SELECT trace_id, min(start_time) AS first_start FROM " + table()
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " GROUP BY trace_id ORDER BY first_start DESC LIMIT " + query.limit();
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> hit : search(org, matching, query.start(), query.end(), query.limit())) {
            ids.add(String.valueOf(hit.get(SpanRows.TRACE_ID)));
        }
        return ids;
    }

    /** SQL of one attribute filter: {@code error} and {@code span.kind} read the status and kind columns. */
    static String attributeCondition(String key, String value) {
        String column = SpanRows.formatKey(key.strip());
        if (column.equals("error")) {
            return Boolean.parseBoolean(value.strip()) ? "span_status = 'ERROR'" : "span_status <> 'ERROR'";
        }
        if (column.equals("span_kind")) {
            String number = SPAN_KINDS.get(value.strip().toLowerCase(Locale.ROOT));
            return "span_kind = " + quote(number == null ? value.strip() : number);
        }
        if (column.isEmpty() || column.equals("_")) {
            throw new IllegalArgumentException("an attribute filter needs a key");
        }
        return "\"" + column + "\" = " + quote(value);
    }

    private static final Map<String, String> SPAN_KINDS =
            Map.of("internal", "1", "server", "2", "client", "3", "producer", "4", "consumer", "5");

    private List<Map<String, Object>> search(String org, String sql, Instant start, Instant end, int size) {
        return search(org, sql, start, end, size, StreamType.TRACES);
    }

    private List<Map<String, Object>> search(
            String org, String sql, Instant start, Instant end, int size, StreamType type) {
        try {
            return searchForOrg
                    .apply(org)
                    .search(SearchRequest.sql(sql)
                            .range(start, end)
                            .size(size)
                            .type(type)
                            .build())
                    .hits();
        } catch (OpenObserveException e) {
            if (isUnknownStream(e) || e.code() == SEARCH_FIELD_NOT_FOUND) {
                // no span stored yet, or none has the filtered attribute: nothing matches
                return List.of();
            }
            throw e;
        }
    }

    /** No span stored yet: the stream does not exist, and nothing is found. */
    private static boolean isUnknownStream(OpenObserveException e) {
        String text = (e.getMessage() + " " + e.errorDetail()).toLowerCase(Locale.ROOT);
        return e.status() == 404 || text.contains("not found") || (text.contains("stream") && text.contains("exist"));
    }

    private String table() {
        return quoteName(stream);
    }

    private static String quoteName(String name) {
        return "\"" + name.replace("\"", "") + "\"";
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        return value == null ? 0 : Long.parseLong(value.toString());
    }
}
