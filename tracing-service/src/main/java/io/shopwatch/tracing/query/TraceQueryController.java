package io.shopwatch.tracing.query;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.tracing.settings.TracingProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Trace reading in the caller's org: {@code GET /api/v1/traces/{traceId}} (the trace as a tree) and
 * {@code GET /api/v1/traces} (search, also by {@code attr.<key>=<value>}). Times: {@code start} / {@code end} as RFC 3339 or µs since the epoch (default:
 * the last {@code TRACES_QUERY_LOOKBACK}); durations as {@code 250ms}, {@code 1.5s}, {@code 300us} or plain µs.
 */
@RestController
public class TraceQueryController {

    static final int MAX_LIMIT = 1000;

    /** Search parameters {@code attr.<key>=<value>} filter on a span attribute. */
    static final String ATTRIBUTE_PREFIX = "attr.";

    private final TraceReader reader;
    private final OrgResolver orgs;
    private final Duration lookback;
    private final Clock clock;

    public TraceQueryController(TraceReader reader, OrgResolver orgs, TracingProperties properties, Clock clock) {
        this.reader = reader;
        this.orgs = orgs;
        this.lookback = properties.queryLookback();
        this.clock = clock;
    }

    @GetMapping("/api/v1/traces/{traceId}")
    public TraceTree.View trace(
            @PathVariable String traceId,
            @RequestParam(required = false) String start,
            @RequestParam(required = false) String end,
            HttpServletRequest request) {
        if (!TraceReader.isTraceId(traceId)) {
            throw ShopWatchException.invalid("a trace id is 32 hex digits");
        }
        Instant to = end == null ? clock.instant() : instant(end, "end");
        Instant from = start == null ? to.minus(lookback) : instant(start, "start");
        return reader.trace(orgs.org(request), traceId, from, to)
                .orElseThrow(() -> new ShopWatchException(
                        ProblemType.NOT_FOUND, "no span of trace " + traceId + " between " + from + " and " + to));
    }

    @GetMapping("/api/v1/traces")
    public Map<String, List<TraceReader.Summary>> search(
            @RequestParam(required = false) String service,
            @RequestParam(required = false) String operation,
            @RequestParam(required = false) String minDuration,
            @RequestParam(required = false) String maxDuration,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String start,
            @RequestParam(required = false) String end,
            @RequestParam(defaultValue = "20") int limit,
            HttpServletRequest request) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ShopWatchException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        if (status != null && !List.of("OK", "ERROR", "UNSET").contains(status.toUpperCase(Locale.ROOT))) {
            throw ShopWatchException.invalid("status must be OK, ERROR or UNSET");
        }
        Instant to = end == null ? clock.instant() : instant(end, "end");
        Instant from = start == null ? to.minus(lookback) : instant(start, "start");
        if (!from.isBefore(to)) {
            throw ShopWatchException.invalid("start must be before end");
        }
        TraceQuery query = new TraceQuery(
                blankToNull(service),
                blankToNull(operation),
                micros(minDuration, "minDuration"),
                micros(maxDuration, "maxDuration"),
                blankToNull(status),
                from,
                to,
                limit,
                attributeFilters(request.getParameterMap()));
        return Map.of("traces", reader.search(orgs.org(request), query));
    }

    /** {@code attr.<key>=<value>} parameters: the key as sent (its column is OpenObserve's formatted key). */
    static Map<String, String> attributeFilters(Map<String, String[]> parameters) {
        Map<String, String> filters = new java.util.LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (name.startsWith(ATTRIBUTE_PREFIX)) {
                String key = name.substring(ATTRIBUTE_PREFIX.length());
                if (key.isBlank() || values.length != 1) {
                    throw ShopWatchException.invalid(name + " needs a key and exactly one value");
                }
                filters.put(key, values[0]);
            }
        });
        return filters;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** RFC 3339, or µs since the epoch. */
    public static Instant instant(String value, String name) {
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                long micros = Long.parseLong(value);
                return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ShopWatchException.invalid(name + " must be RFC 3339 or microseconds since the epoch");
        }
    }

    /** {@code 250ms}, {@code 1.5s}, {@code 300us}, {@code 2m}, {@code 1h}, or plain µs. */
    public static Long micros(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Math.round(Double.parseDouble(text.substring(0, text.length() - 2)) * 1_000);
            }
            if (text.endsWith("us") || text.endsWith("µs")) {
                return Math.round(Double.parseDouble(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1_000_000);
            }
            if (text.endsWith("h")) {
                return Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 3_600_000_000L);
            }
            if (text.endsWith("m")) {
                return Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 60_000_000);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ShopWatchException.invalid(name + " must be a duration such as 250ms, 1.5s or 300us");
        }
    }
}
