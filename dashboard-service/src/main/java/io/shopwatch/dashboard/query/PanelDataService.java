package io.shopwatch.dashboard.query;

import io.shopwatch.common.openobserve.OpenObserveException;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.SearchResult;
import io.shopwatch.common.openobserve.StreamSearch;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.dashboard.model.PanelTypes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Runs a panel's SQL queries through OpenObserve's {@code _search} as OpenObserve's UI would: the time range (the
 * request's, else the panel's own when {@code panel_time_enabled}, else the dashboard's default), variables put in
 * ({@link VariableSubstitution}, the built-in {@code $__interval} family), {@code _o2_all_} predicates rewritten
 * ({@link AllPlaceholder}), then shapes the rows for charts. PromQL panels run through a {@link PrometheusApi}
 * (metrics-service's {@code query_range}) with the caller's credentials and are shaped the same way
 * ({@link PromQlResults}); without one they are refused (501). A SQL query on a field or stream no record has reached
 * yet answers no rows with a {@code warning} instead of failing the panel ({@link #notYetThere}).
 */
public class PanelDataService {

    private static final Pattern RELATIVE = Pattern.compile("(\\d+)\\s*([smhdwMy])");
    private static final long SCRAPE_INTERVAL_SECONDS = 15;

    private static final Pattern ALL_MATCH = Pattern.compile("(=~|=)\\s*\"" + VariableSubstitution.ALL + "\"");
    private static final Pattern ALL_NOT_MATCH = Pattern.compile("(!~|!=)\\s*\"" + VariableSubstitution.ALL + "\"");
    private static final long MIN_STEP_MILLIS = 1000;

    private final Function<String, StreamSearch> searchForOrg;
    private final PrometheusApi prometheus;
    private final Clock clock;

    /**
     * @param prometheus where PromQL panels run; null refuses them (501)
     */
    public PanelDataService(Function<String, StreamSearch> searchForOrg, PrometheusApi prometheus, Clock clock) {
        this.searchForOrg = searchForOrg;
        this.prometheus = prometheus;
        this.clock = clock;
    }

    /**
     * The data of one panel.
     *
     * @param authorization the caller's {@code Authorization} header, passed on to the Prometheus API for PromQL
     *     panels (which checks the caller's rights in {@code org}); may be null
     * @param dashboard the dashboard the panel belongs to (its variables and default time); may be an empty object
     */
    public PanelData run(String org, String authorization, JsonNode dashboard, JsonNode panel, PanelQuery request) {
        String type = panel.path("type").asString("");
        String panelId = panel.path("id").asString("");
        long[] range = range(dashboard, panel, request);
        long rangeMicros = range[1] - range[0];
        Intervals.Interval interval = Intervals.interval(rangeMicros, request.widthOrDefault());
        List<PanelData.QueryData> results = new ArrayList<>();
        if (PanelTypes.STATIC.contains(type)) {
            return new PanelData(panelId, type, range[0], range[1], interval.text(), results);
        }
        Map<String, VariableSubstitution.Value> values = values(dashboard, request, interval, rangeMicros);
        if ("promql".equals(panel.path("queryType").asString(""))) {
            if (prometheus == null) {
                throw new PromQlNotSupportedException(panelId);
            }
            for (JsonNode query : panel.path("queries")) {
                results.add(promQl(org, authorization, type, panel, query, values, range, interval));
            }
            return new PanelData(panelId, type, range[0], range[1], interval.text(), results);
        }
        StreamSearch search = searchForOrg.apply(org);
        for (JsonNode query : panel.path("queries")) {
            String text = query.path("query").asString("");
            if (text.isBlank()) {
                throw ShopWatchException.invalid("panel '" + panelId + "' has a query without SQL; builder-mode"
                        + " queries are run only once the UI has written their SQL");
            }
            String sql = AllPlaceholder.rewrite(VariableSubstitution.apply(text, values, true));
            StreamType streamType =
                    streamType(query.path("fields").path("stream_type").asString("logs"));
            SearchResult result;
            try {
                result = search.search(SearchRequest.sql(sql)
                        .range(range[0], range[1])
                        .type(streamType)
                        .build());
            } catch (OpenObserveException e) {
                String note = notYetThere(e, query.path("fields").path("stream").asString(""));
                if (note != null) {
                    results.add(
                            shape(type, sql, query.path("fields"), List.of()).withWarning(note));
                    continue;
                }
                if (e.status() >= 400 && e.status() < 500) {
                    throw ShopWatchException.invalid(
                            "OpenObserve refused the query of panel '" + panelId + "': " + e.getMessage());
                }
                throw new ShopWatchException(
                        ProblemType.BAD_GATEWAY, "OpenObserve did not answer the query of panel '" + panelId + "'", e);
            }
            results.add(shape(type, sql, query.path("fields"), result.hits()));
        }
        return new PanelData(panelId, type, range[0], range[1], interval.text(), results);
    }

    /**
     * The note for a query OpenObserve refused only because no record has yet brought what it reads: a field not in
     * the stream's schema (20004, e.g. {@code geo_country} before any record was geo-enriched) or a stream that does
     * not exist yet (20002, e.g. a new org's {@code events}). Such a query has no data rather than being wrong; null
     * for every other refusal.
     */
    static String notYetThere(OpenObserveException e, String stream) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String in = stream.isBlank() ? "the stream" : "stream " + stream;
        if (e.code() == OpenObserveException.SEARCH_FIELD_NOT_FOUND) {
            String field = after(message, "Search field not found:");
            return "field " + (field.isEmpty() ? "?" : field) + " not in " + in
                    + " yet: no record has it, so the query has no data (OpenObserve: " + message + ")";
        }
        if (e.code() == OpenObserveException.SEARCH_STREAM_NOT_FOUND) {
            String name = after(message, "Search stream not found:");
            return "stream " + (name.isEmpty() ? stream : name)
                    + " does not exist yet: no record has reached it, so the query has no data (OpenObserve: "
                    + message + ")";
        }
        return null;
    }

    private static String after(String message, String prefix) {
        int at = message.indexOf(prefix);
        return at < 0 ? "" : message.substring(at + prefix.length()).strip();
    }

    private PanelData.QueryData promQl(
            String org,
            String authorization,
            String type,
            JsonNode panel,
            JsonNode query,
            Map<String, VariableSubstitution.Value> values,
            long[] range,
            Intervals.Interval interval) {
        String panelId = panel.path("id").asString("");
        String text = query.path("query").asString("");
        if (text.isBlank()) {
            throw ShopWatchException.invalid("panel '" + panelId + "' has a PromQL query without text");
        }
        String promQl = allLabels(VariableSubstitution.apply(text, values, false));
        String stepValue = query.path("config").path("step_value").asString("");
        String tableMode = panel.path("config").path("promql_table_mode").asString("");
        boolean onlyTheEnd = type.equals("table") && PromQlResults.SINGLE.equals(tableMode);
        long step;
        if (!stepValue.isBlank()) {
            step = micros(stepValue) / 1000;
        } else if (onlyTheEnd) {
            // one row per series from the value at the end: no need to evaluate every interval in between
            step = (range[1] - range[0]) / 1000;
        } else {
            step = interval.millis();
        }
        step = Math.max(step, MIN_STEP_MILLIS);
        List<PrometheusApi.Series> series;
        try {
            series = prometheus.queryRange(org, authorization, promQl, range[0] / 1000, range[1] / 1000, step);
        } catch (PrometheusApi.PrometheusApiException e) {
            if (e.refused()) {
                throw ShopWatchException.invalid(
                        "metrics-service refused the PromQL of panel '" + panelId + "': " + e.getMessage());
            }
            throw new ShopWatchException(
                    ProblemType.BAD_GATEWAY,
                    "metrics-service did not answer the PromQL of panel '" + panelId + "': " + e.getMessage(),
                    e);
        }
        return PromQlResults.shape(
                type,
                promQl,
                query.path("config").path("promql_legend").asString(""),
                panel.path("config").path("aggregation").asString(""),
                tableMode,
                series);
    }

    /**
     * A label matcher on {@code _o2_all_} (a variable with no value) matches every value: {@code =~".*"}
     * ({@code !~".*"} for a negative matcher).
     */
    static String allLabels(String promQl) {
        String out = ALL_NOT_MATCH.matcher(promQl).replaceAll("!~\".*\"");
        return ALL_MATCH.matcher(out).replaceAll("=~\".*\"");
    }

    private long[] range(JsonNode dashboard, JsonNode panel, PanelQuery request) {
        long now = SearchRequest.micros(clock.instant());
        if (request.startMicros() != null && request.endMicros() != null) {
            if (request.endMicros() <= request.startMicros()) {
                throw ShopWatchException.invalid("endTime must be after startTime");
            }
            return new long[] {request.startMicros(), request.endMicros()};
        }
        if (request.period() != null && !request.period().isBlank()) {
            return new long[] {now - micros(request.period()), now};
        }
        JsonNode time = panel.path("config").path("panel_time_enabled").asBoolean(false)
                ? panel.path("config").path("panel_time_range")
                : dashboard.path("defaultDatetimeDuration");
        if ("absolute".equals(time.path("type").asString(""))
                && time.path("startTime").isNumber()
                && time.path("endTime").isNumber()) {
            return new long[] {
                time.get("startTime").asLong(), time.get("endTime").asLong()
            };
        }
        return new long[] {now - micros(time.path("relativeTimePeriod").asString("15m")), now};
    }

    /** {@code 15m}, {@code 1h}, {@code 7d} ... in µs. */
    static long micros(String period) {
        Matcher m = RELATIVE.matcher(period.strip());
        if (!m.matches()) {
            throw ShopWatchException.invalid("period must look like 15m, 1h, 7d; was " + period);
        }
        long n = Long.parseLong(m.group(1));
        long seconds =
                switch (m.group(2)) {
                    case "s" -> n;
                    case "m" -> n * 60;
                    case "h" -> n * 3_600;
                    case "d" -> n * 86_400;
                    case "w" -> n * 7 * 86_400;
                    case "M" -> n * 30 * 86_400;
                    default -> n * 365 * 86_400;
                };
        return seconds * 1_000_000L;
    }

    private static Map<String, VariableSubstitution.Value> values(
            JsonNode dashboard, PanelQuery request, Intervals.Interval interval, long rangeMicros) {
        Map<String, VariableSubstitution.Value> values = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.path("variables").path("list")) {
            String name = variable.path("name").asString("");
            if (name.isEmpty()) {
                continue;
            }
            boolean multi = variable.path("multiSelect").asBoolean(false);
            List<String> given = request.valueOf(name);
            List<String> chosen = given != null ? given : defaults(variable);
            values.put(
                    name,
                    multi
                            ? VariableSubstitution.Value.multi(chosen)
                            : VariableSubstitution.Value.single(chosen.isEmpty() ? null : chosen.get(0)));
        }
        for (String name : request.variables().keySet()) {
            if (!values.containsKey(name)) {
                List<String> given = request.valueOf(name);
                values.put(
                        name,
                        given.size() == 1
                                ? VariableSubstitution.Value.single(given.get(0))
                                : VariableSubstitution.Value.multi(given));
            }
        }
        long rangeSeconds = rangeMicros / 1_000_000L;
        long rate = Intervals.rateIntervalSeconds(interval, SCRAPE_INTERVAL_SECONDS);
        values.put("__interval_ms", VariableSubstitution.Value.single(interval.millis() + "ms"));
        values.put("__interval", VariableSubstitution.Value.single(interval.text()));
        values.put("__rate_interval", VariableSubstitution.Value.single(Intervals.format(rate)));
        values.put("__range_s", VariableSubstitution.Value.single(Long.toString(rangeSeconds)));
        values.put("__range_ms", VariableSubstitution.Value.single(Long.toString(rangeMicros / 1000)));
        values.put("__range", VariableSubstitution.Value.single(Intervals.format(rangeSeconds)));
        return values;
    }

    /** A variable's default: its value, the selected custom options, or all (empty) for multi-select. */
    private static List<String> defaults(JsonNode variable) {
        List<String> selected = new ArrayList<>();
        for (JsonNode option : variable.path("options")) {
            if (option.path("selected").asBoolean(false)) {
                selected.add(option.path("value").asString(""));
            }
        }
        if (!selected.isEmpty()) {
            return selected;
        }
        JsonNode value = variable.get("value");
        List<String> values = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(v -> values.add(v.asString("")));
        } else if (value != null && value.isString() && !value.asString().isEmpty()) {
            values.add(value.asString());
        }
        return values;
    }

    private static StreamType streamType(String name) {
        for (StreamType type : StreamType.values()) {
            if (type.name().equalsIgnoreCase(name)) {
                return type;
            }
        }
        return StreamType.LOGS;
    }

    /** Rows as a table and as series: x, breakdown and y from the panel's axis fields. */
    static PanelData.QueryData shape(String type, String sql, JsonNode fields, List<Map<String, Object>> hits) {
        List<PanelData.Column> columns = new ArrayList<>();
        Set<String> known = new LinkedHashSet<>();
        for (String role : List.of("x", "breakdown", "y")) {
            for (JsonNode item : fields.path(role)) {
                String alias = item.path("alias").asString("");
                if (!alias.isEmpty() && known.add(alias)) {
                    columns.add(new PanelData.Column(alias, item.path("label").asString(alias), role));
                }
            }
        }
        for (Map<String, Object> hit : hits) {
            for (String key : hit.keySet()) {
                if (known.add(key)) {
                    columns.add(new PanelData.Column(key, key, "other"));
                }
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> hit : hits) {
            List<Object> row = new ArrayList<>(columns.size());
            for (PanelData.Column column : columns) {
                row.add(hit.get(column.alias()));
            }
            rows.add(row);
        }
        List<PanelData.Column> xs = role(columns, "x");
        List<PanelData.Column> ys = role(columns, "y");
        List<PanelData.Column> breakdowns = role(columns, "breakdown");
        Object value = ys.isEmpty() || hits.isEmpty()
                ? null
                : hits.get(0).get(ys.get(0).alias());
        List<PanelData.Series> series = new ArrayList<>();
        if (!type.equals("table") && !ys.isEmpty()) {
            String x = xs.isEmpty() ? null : xs.get(0).alias();
            String breakdown = breakdowns.isEmpty() ? null : breakdowns.get(0).alias();
            Map<String, List<List<Object>>> byName = new LinkedHashMap<>();
            for (Map<String, Object> hit : hits) {
                for (PanelData.Column y : ys) {
                    String name = breakdown == null
                            ? y.label()
                            : String.valueOf(hit.get(breakdown)) + (ys.size() > 1 ? " / " + y.label() : "");
                    List<Object> point = new ArrayList<>(2);
                    point.add(x == null ? null : hit.get(x));
                    point.add(hit.get(y.alias()));
                    byName.computeIfAbsent(name, n -> new ArrayList<>()).add(point);
                }
            }
            byName.forEach((name, points) -> series.add(new PanelData.Series(name, points)));
        }
        boolean single = type.equals("metric") || type.equals("gauge");
        return new PanelData.QueryData(sql, columns, rows, series, single ? value : null);
    }

    private static List<PanelData.Column> role(List<PanelData.Column> columns, String role) {
        return columns.stream()
                .filter(c -> c.role().equals(role.toLowerCase(Locale.ROOT)))
                .toList();
    }
}
