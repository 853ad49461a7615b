package io.shopwatch.tracing.jaeger;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.tracing.query.TraceQuery;
import io.shopwatch.tracing.query.TraceQueryController;
import io.shopwatch.tracing.query.TraceReader;
import io.shopwatch.tracing.red.SpanMetrics;
import io.shopwatch.tracing.settings.TracingProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jaeger's query HTTP API over the caller's org's traces, under {@value #PREFIX}: that URL is what Grafana's Jaeger
 * data source (or Jaeger's UI) is given. Answers are Jaeger's {@code {"data":...,"total":...,"limit":0,"offset":0,
 * "errors":null}}; errors are {@code errors: [{code, msg}]} with the HTTP status of the code. Times are µs since
 * the epoch ({@code start}, {@code end}), ms for the dependencies ({@code endTs}, {@code lookback}).
 */
@RestController
@RequestMapping(JaegerQueryController.PREFIX)
public class JaegerQueryController {

    /** Where the API lives; Grafana's Jaeger data source URL is the gateway's address plus this. */
    public static final String PREFIX = "/api/v1/traces/jaeger";

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TraceReader reader;
    private final SpanMetrics metrics;
    private final OrgResolver orgs;
    private final Duration lookback;
    private final Clock clock;

    public JaegerQueryController(
            TraceReader reader, SpanMetrics metrics, OrgResolver orgs, TracingProperties properties, Clock clock) {
        this.reader = reader;
        this.metrics = metrics;
        this.orgs = orgs;
        this.lookback = properties.queryLookback();
        this.clock = clock;
    }

    /** The services with spans in the last {@code TRACES_QUERY_LOOKBACK}. */
    @GetMapping("/api/services")
    public JaegerModel.Response<List<String>> services(HttpServletRequest request) {
        Instant now = clock.instant();
        return JaegerModel.Response.counted(reader.services(orgs.org(request), now.minus(lookback), now));
    }

    /** The operations of a service in the last {@code TRACES_QUERY_LOOKBACK}. */
    @GetMapping("/api/services/{service}/operations")
    public JaegerModel.Response<List<String>> operations(@PathVariable String service, HttpServletRequest request) {
        Instant now = clock.instant();
        return JaegerModel.Response.counted(reader.operations(orgs.org(request), service, now.minus(lookback), now));
    }

    /** One trace; {@code start}/{@code end} (µs) narrow the range read, by default the last lookback. */
    @GetMapping("/api/traces/{traceId}")
    public ResponseEntity<JaegerModel.Response<?>> trace(
            @PathVariable String traceId,
            @RequestParam(required = false) String start,
            @RequestParam(required = false) String end,
            HttpServletRequest request) {
        String id = padTraceId(traceId);
        Instant to = end == null ? clock.instant() : TraceQueryController.instant(end, "end");
        Instant from = start == null ? to.minus(lookback) : TraceQueryController.instant(start, "start");
        List<Map<String, Object>> rows = reader.spans(orgs.org(request), id, from, to);
        if (rows.isEmpty()) {
            return ResponseEntity.status(404).body(JaegerModel.Response.error(404, "trace not found"));
        }
        return ResponseEntity.ok(JaegerModel.Response.of(List.of(JaegerTraces.of(id, rows))));
    }

    /**
     * Trace search as Jaeger's: the newest {@code limit} traces with a span of {@code service} matching
     * {@code operation}, {@code tags} (a JSON object) or {@code tag=key:value} (repeatable), and the durations; each
     * trace whole.
     */
    @GetMapping("/api/traces")
    public JaegerModel.Response<List<JaegerModel.Trace>> search(
            @RequestParam(required = false) String service,
            @RequestParam(required = false) String operation,
            @RequestParam(required = false) String tags,
            @RequestParam(required = false) List<String> tag,
            @RequestParam(required = false) String minDuration,
            @RequestParam(required = false) String maxDuration,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String start,
            @RequestParam(required = false) String end,
            HttpServletRequest request) {
        if (service == null || service.isBlank()) {
            throw ShopWatchException.invalid("parameter 'service' is required");
        }
        int max = limit == null || limit.isBlank() || limit.equals("0") ? DEFAULT_LIMIT : integer(limit, "limit");
        if (max < 1 || max > MAX_LIMIT) {
            throw ShopWatchException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        Instant to = end == null || end.isBlank() ? clock.instant() : TraceQueryController.instant(end, "end");
        Instant from =
                start == null || start.isBlank() ? to.minus(lookback) : TraceQueryController.instant(start, "start");
        if (!from.isBefore(to)) {
            throw ShopWatchException.invalid("start must be before end");
        }
        TraceQuery query = new TraceQuery(
                service,
                operation == null || operation.isBlank() || operation.equals("all") ? null : operation,
                TraceQueryController.micros(minDuration, "minDuration"),
                TraceQueryController.micros(maxDuration, "maxDuration"),
                null,
                from,
                to,
                max,
                tagFilters(tags, tag));
        List<JaegerModel.Trace> traces = new ArrayList<>();
        for (List<Map<String, Object>> rows : reader.traces(orgs.org(request), query)) {
            traces.add(JaegerTraces.of(String.valueOf(rows.get(0).get("trace_id")), rows));
        }
        return JaegerModel.Response.of(traces);
    }

    /**
     * Calls between services over {@code lookback} ms before {@code endTs} (ms since the epoch; default now and one
     * hour), from the in-memory service map, so only for its retention ({@code TRACES_RED_RETENTION}).
     */
    @GetMapping("/api/dependencies")
    public JaegerModel.Response<List<JaegerModel.Dependency>> dependencies(
            @RequestParam(required = false) Long endTs,
            @RequestParam(required = false) Long lookback,
            HttpServletRequest request) {
        Instant to = endTs == null ? clock.instant() : Instant.ofEpochMilli(endTs);
        Instant from = to.minusMillis(
                lookback == null || lookback <= 0 ? Duration.ofHours(1).toMillis() : lookback);
        Map<List<String>, Long> calls = new LinkedHashMap<>();
        for (SpanMetrics.EdgeStats edge :
                metrics.serviceMap(orgs.org(request), from, to).edges()) {
            calls.merge(List.of(edge.client(), edge.server()), edge.requests(), Long::sum);
        }
        List<JaegerModel.Dependency> links = new ArrayList<>();
        calls.forEach((pair, count) -> links.add(new JaegerModel.Dependency(pair.get(0), pair.get(1), count)));
        return JaegerModel.Response.of(links);
    }

    @ExceptionHandler(ShopWatchException.class)
    ResponseEntity<JaegerModel.Response<Object>> failed(ShopWatchException e) {
        int status = e.type().status();
        return ResponseEntity.status(status).body(JaegerModel.Response.error(status, e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<JaegerModel.Response<Object>> invalid(IllegalArgumentException e) {
        return ResponseEntity.status(400).body(JaegerModel.Response.error(400, e.getMessage()));
    }

    /** Jaeger's tag filters: {@code tags} as a JSON object and {@code tag=key:value}. */
    static Map<String, String> tagFilters(String tags, List<String> tag) {
        Map<String, String> filters = new LinkedHashMap<>();
        if (tags != null && !tags.isBlank()) {
            JsonNode node;
            try {
                node = JSON.readTree(tags);
            } catch (JacksonException e) {
                throw ShopWatchException.invalid("malformed 'tags' parameter: a JSON object is expected");
            }
            if (!node.isObject()) {
                throw ShopWatchException.invalid("malformed 'tags' parameter: a JSON object is expected");
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                JsonNode value = e.getValue();
                filters.put(e.getKey(), value.isString() ? value.asString() : value.toString());
            }
        }
        if (tag != null) {
            for (String t : tag) {
                int colon = t.indexOf(':');
                if (colon <= 0) {
                    throw ShopWatchException.invalid("malformed 'tag' parameter, expecting key:value, got " + t);
                }
                filters.put(t.substring(0, colon), t.substring(colon + 1));
            }
        }
        return filters;
    }

    /** A trace id as stored: Jaeger may show a 64-bit id or drop leading zeros; stored ids are 32 digits. */
    static String padTraceId(String traceId) {
        String id = traceId.toLowerCase(Locale.ROOT);
        if (id.isEmpty() || id.length() > 32 || !id.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw ShopWatchException.invalid("a trace id is at most 32 hex digits");
        }
        return "0".repeat(32 - id.length()) + id;
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ShopWatchException.invalid(name + " must be a number");
        }
    }
}
