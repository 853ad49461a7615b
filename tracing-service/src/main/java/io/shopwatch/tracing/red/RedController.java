package io.shopwatch.tracing.red;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.tracing.query.TraceQueryController;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * RED metrics and the service map of the caller's org, computed from every received span before sampling
 * ({@link SpanMetrics}). {@code start}/{@code end} as for trace search (default: the last hour), {@code step} an ISO
 * duration or {@code 5m}-style minutes (default 1 minute).
 */
@RestController
public class RedController {

    private final SpanMetrics metrics;
    private final OrgResolver orgs;
    private final Clock clock;

    public RedController(SpanMetrics metrics, OrgResolver orgs, Clock clock) {
        this.metrics = metrics;
        this.orgs = orgs;
        this.clock = clock;
    }

    @GetMapping("/api/v1/traces/red")
    public Map<String, List<SpanMetrics.Series>> red(
            @RequestParam(required = false) String service,
            @RequestParam(required = false) String operation,
            @RequestParam(required = false) String start,
            @RequestParam(required = false) String end,
            @RequestParam(defaultValue = "1m") String step,
            HttpServletRequest request) {
        Instant to = end == null ? clock.instant() : TraceQueryController.instant(end, "end");
        Instant from = start == null ? to.minus(Duration.ofHours(1)) : TraceQueryController.instant(start, "start");
        Duration stepDuration = step(step);
        if (!from.isBefore(to) || Duration.between(from, to).dividedBy(stepDuration) > 1_440) {
            throw ShopWatchException.invalid("start must be before end, with at most 1440 steps between them");
        }
        return Map.of("series", metrics.red(orgs.org(request), service, operation, from, to, stepDuration));
    }

    @GetMapping("/api/v1/traces/service-map")
    public SpanMetrics.ServiceMap serviceMap(
            @RequestParam(required = false) String start,
            @RequestParam(required = false) String end,
            HttpServletRequest request) {
        Instant to = end == null ? clock.instant() : TraceQueryController.instant(end, "end");
        Instant from = start == null ? to.minus(Duration.ofHours(1)) : TraceQueryController.instant(start, "start");
        if (!from.isBefore(to)) {
            throw ShopWatchException.invalid("start must be before end");
        }
        return metrics.serviceMap(orgs.org(request), from, to);
    }

    private static Duration step(String step) {
        try {
            Duration d = step.startsWith("P") || step.startsWith("p")
                    ? Duration.parse(step)
                    : step.endsWith("m")
                            ? Duration.ofMinutes(Long.parseLong(step.substring(0, step.length() - 1)))
                            : step.endsWith("h")
                                    ? Duration.ofHours(Long.parseLong(step.substring(0, step.length() - 1)))
                                    : Duration.ofMinutes(Long.parseLong(step));
            if (d.toMinutes() < 1) {
                throw ShopWatchException.invalid("step is at least one minute");
            }
            return d;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ShopWatchException.invalid("step must be minutes (5m), hours (1h) or an ISO duration");
        }
    }
}
