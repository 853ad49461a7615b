package io.shopwatch.metrics.promql;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.security.Role;
import io.shopwatch.metrics.MetricsProperties;
import io.shopwatch.metrics.web.PathOrgs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Prometheus HTTP API at OpenObserve's paths ({@code /api/{org}/prometheus/api/v1/...}): {@code query},
 * {@code query_range}, {@code series}, {@code labels}, {@code label/{name}/values}, GET or POST (form), with
 * Prometheus' response shapes ({@code {"status":"success","data":...}}, errors
 * {@code {"status":"error","errorType":"bad_data","error":...}}). Queries are evaluated here over samples read from
 * the store, so they work the same against the embedded store and OpenObserve.
 */
@RestController
@Tag(name = "metrics")
public class PrometheusApiController {

    /** Prometheus' limit on points per series of a range query. */
    static final long MAX_POINTS = 11_000;

    private final OpenObserveClient client;
    private final PathOrgs orgs;
    private final Clock clock;
    private final int pageSize;
    private final long maxSamples;

    public PrometheusApiController(OpenObserveClient client, PathOrgs orgs, Clock clock, MetricsProperties properties) {
        this.client = client;
        this.orgs = orgs;
        this.clock = clock;
        this.pageSize = properties.queryPageSize();
        this.maxSamples = properties.queryMaxSamples();
    }

    private Evaluator evaluator(String org) {
        return new Evaluator(new StoreSeriesSource(client.forOrg(org), pageSize, maxSamples));
    }

    @Operation(summary = "PromQL instant query (Prometheus HTTP API)")
    @RequestMapping(
            path = "/api/{org}/prometheus/api/v1/query",
            method = {RequestMethod.GET, RequestMethod.POST})
    public Map<String, Object> query(
            @PathVariable String org, @RequestParam String query, @RequestParam(required = false) String time) {
        String tenant = orgs.require(org, Role.VIEWER);
        long at = time == null || time.isBlank() ? clock.millis() : parseTime("time", time);
        Expr expr = Parser.parse(query);
        Evaluator.Value value = evaluator(tenant).instant(expr, at);
        Map<String, Object> data = new LinkedHashMap<>();
        if (value instanceof Evaluator.Scalar scalar) {
            data.put("resultType", "scalar");
            data.put("result", point(at, scalar.value()));
        } else {
            data.put("resultType", "vector");
            List<Map<String, Object>> result = new ArrayList<>();
            for (Evaluator.VectorSample sample : ((Evaluator.Vector) value).samples()) {
                Map<String, Object> series = new LinkedHashMap<>();
                series.put("metric", sample.labels());
                series.put("value", point(at, sample.value()));
                result.add(series);
            }
            data.put("result", result);
        }
        return success(data);
    }

    @Operation(summary = "PromQL range query (Prometheus HTTP API)")
    @RequestMapping(
            path = "/api/{org}/prometheus/api/v1/query_range",
            method = {RequestMethod.GET, RequestMethod.POST})
    public Map<String, Object> queryRange(
            @PathVariable String org,
            @RequestParam String query,
            @RequestParam String start,
            @RequestParam String end,
            @RequestParam String step) {
        String tenant = orgs.require(org, Role.VIEWER);
        long from = parseTime("start", start);
        long to = parseTime("end", end);
        long stepMillis = parseStep(step);
        if (to < from) {
            throw new PromQlException("end timestamp must not be before start time");
        }
        if ((to - from) / stepMillis > MAX_POINTS) {
            throw new PromQlException("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the"
                    + " query resolution (?step=XX)");
        }
        Expr expr = Parser.parse(query);
        List<Map<String, Object>> result = new ArrayList<>();
        for (Evaluator.RangeSeries series : evaluator(tenant).range(expr, from, to, stepMillis)) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("metric", series.labels());
            List<List<Object>> values = new ArrayList<>(series.times().size());
            for (int i = 0; i < series.times().size(); i++) {
                values.add(point(series.times().get(i), series.values().get(i)));
            }
            out.put("values", values);
            result.add(out);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("resultType", "matrix");
        data.put("result", result);
        return success(data);
    }

    @Operation(summary = "Series matching selectors (Prometheus HTTP API)")
    @Parameter(
            name = "match[]",
            in = ParameterIn.QUERY,
            required = true,
            description = "series selector, repeatable",
            array = @ArraySchema(schema = @Schema(type = "string")))
    @RequestMapping(
            path = "/api/{org}/prometheus/api/v1/series",
            method = {RequestMethod.GET, RequestMethod.POST})
    public Map<String, Object> series(
            @PathVariable String org,
            HttpServletRequest request,
            @RequestParam(required = false) String start,
            @RequestParam(required = false) String end) {
        String tenant = orgs.require(org, Role.VIEWER);
        List<String> match = matchParameter(request);
        if (match.isEmpty()) {
            throw new PromQlException("no match[] parameter provided");
        }
        return success(new ArrayList<>(selected(tenant, match, start, end)));
    }

    @Operation(summary = "Label names (Prometheus HTTP API)")
    @Parameter(
            name = "match[]",
            in = ParameterIn.QUERY,
            required = false,
            description = "series selector, repeatable",
            array = @ArraySchema(schema = @Schema(type = "string")))
    @RequestMapping(
            path = "/api/{org}/prometheus/api/v1/labels",
            method = {RequestMethod.GET, RequestMethod.POST})
    public Map<String, Object> labels(
            @PathVariable String org,
            HttpServletRequest request,
            @RequestParam(required = false) String start,
            @RequestParam(required = false) String end) {
        String tenant = orgs.require(org, Role.VIEWER);
        List<String> match = matchParameter(request);
        TreeSet<String> names = new TreeSet<>();
        for (SortedMap<String, String> labels : selected(tenant, matchOrAll(tenant, match), start, end)) {
            names.addAll(labels.keySet());
        }
        return success(new ArrayList<>(names));
    }

    @Operation(summary = "Values of one label (Prometheus HTTP API)")
    @Parameter(
            name = "match[]",
            in = ParameterIn.QUERY,
            required = false,
            description = "series selector, repeatable",
            array = @ArraySchema(schema = @Schema(type = "string")))
    @RequestMapping(path = "/api/{org}/prometheus/api/v1/label/{name}/values", method = RequestMethod.GET)
    public Map<String, Object> labelValues(
            @PathVariable String org,
            @PathVariable String name,
            HttpServletRequest request,
            @RequestParam(required = false) String start,
            @RequestParam(required = false) String end) {
        String tenant = orgs.require(org, Role.VIEWER);
        List<String> match = matchParameter(request);
        TreeSet<String> values = new TreeSet<>();
        if (name.equals("__name__") && (match == null || match.isEmpty())) {
            client.forOrg(tenant)
                    .listStreams(io.shopwatch.common.openobserve.StreamType.METRICS)
                    .forEach(s -> values.add(s.name()));
            return success(new ArrayList<>(values));
        }
        for (SortedMap<String, String> labels : selected(tenant, matchOrAll(tenant, match), start, end)) {
            String value = labels.get(name);
            if (value != null) {
                values.add(value);
            }
        }
        return success(new ArrayList<>(values));
    }

    /**
     * Every {@code match[]} value as sent: read from the request itself, since Spring's binding of a single value to
     * a {@code List<String>} splits it at commas, which a selector like {@code {a="1",b="2"}} contains.
     */
    private static List<String> matchParameter(HttpServletRequest request) {
        String[] values = request.getParameterValues("match[]");
        return values == null ? List.of() : List.of(values);
    }

    /** Without {@code match[]}: every metric stream of the org. */
    private List<String> matchOrAll(String org, List<String> match) {
        if (match != null && !match.isEmpty()) {
            return match;
        }
        return client.forOrg(org).listStreams(io.shopwatch.common.openobserve.StreamType.METRICS).stream()
                .map(s -> s.name())
                .toList();
    }

    /** The label sets of the series the selectors match in the range (default: the last hour). */
    private LinkedHashSet<SortedMap<String, String>> selected(
            String org, List<String> match, String start, String end) {
        long to = end == null || end.isBlank() ? clock.millis() : parseTime("end", end);
        long from = start == null || start.isBlank() ? to - 3_600_000L : parseTime("start", start);
        StoreSeriesSource source = new StoreSeriesSource(client.forOrg(org), pageSize, maxSamples);
        LinkedHashSet<SortedMap<String, String>> out = new LinkedHashSet<>();
        for (String selector : match) {
            if (!(Parser.parse(selector) instanceof Expr.VectorSelector s)) {
                throw new PromQlException("match[] must be a series selector: " + selector);
            }
            source.select(s, from, to).forEach(series -> out.add(series.labels()));
        }
        return out;
    }

    @ExceptionHandler(PromQlException.class)
    ResponseEntity<Map<String, Object>> badData(PromQlException e) {
        return error(HttpStatus.BAD_REQUEST, "bad_data", e.getMessage());
    }

    @ExceptionHandler(StoreSeriesSource.StoreUnavailableException.class)
    ResponseEntity<Map<String, Object>> unavailable(StoreSeriesSource.StoreUnavailableException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", e.getMessage());
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String type, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("errorType", type);
        body.put("error", message);
        return ResponseEntity.status(status).body(body);
    }

    private static Map<String, Object> success(Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", data);
        return body;
    }

    /** {@code [<unix seconds>, "<value>"]}, as Prometheus writes a sample. */
    static List<Object> point(long millis, double value) {
        Number seconds = millis % 1000 == 0
                ? (Number) (millis / 1000)
                : BigDecimal.valueOf(millis, 3).stripTrailingZeros();
        List<Object> point = new ArrayList<>(2);
        point.add(seconds);
        point.add(formatValue(value));
        return point;
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}, Prometheus' format of sample values. */
    static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** RFC 3339 or (fractional) Unix seconds, as Prometheus accepts. */
    static long parseTime(String name, String text) {
        try {
            return new BigDecimal(text.strip()).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(text.strip()).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new PromQlException(
                        "invalid parameter \"" + name + "\": cannot parse \"" + text + "\" to a valid timestamp");
            }
        }
    }

    /** Seconds ({@code 15}, {@code 0.5}) or a duration ({@code 15s}, {@code 1m}). */
    static long parseStep(String text) {
        long step;
        try {
            step = new BigDecimal(text.strip()).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            try {
                Expr expr = Parser.parse("x[" + text.strip() + "]");
                step = ((Expr.MatrixSelector) expr).rangeMillis();
            } catch (PromQlException | ClassCastException e2) {
                throw new PromQlException(
                        "invalid parameter \"step\": cannot parse \"" + text + "\" to a valid duration");
            }
        }
        if (step <= 0) {
            throw new PromQlException(
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        return step;
    }
}
