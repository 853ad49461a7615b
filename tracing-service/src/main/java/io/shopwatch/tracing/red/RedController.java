package io.shopwatch.tracing.red;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.tracing.query.TraceQueryController;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * RED metrics and the service map of the caller's org, computed from every received span before sampling
 * ({@link SpanMetrics}) and read back from the stored samples of every instance ({@link RedQuery}). {@code start}/{@code end} as for trace search (default: the last hour), {@code step} an ISO
 * duration or {@code 5m}-style minutes (default 1 minute).
 */
@RestController
public class RedController {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final RedQuery metrics;
    private final OrgResolver orgs;
    private final Clock clock;

    public RedController(RedQuery metrics, OrgResolver orgs, Clock clock) {
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
        String org = orgs.org(request);
        return Map.of("series", answer(() -> metrics.red(org, service, operation, from, to, stepDuration)));
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
        String org = orgs.org(request);
        return answer(() -> metrics.serviceMap(org, from, to));
    }

    /** A store that cannot answer is a 503 with {@code Retry-After}; a range reading too many samples a 400. */
    private static <T> T answer(Supplier<T> read) {
        try {
            return read.get();
        } catch (StoredRed.StoreUnavailableException e) {
            throw new RetryLaterException(ProblemType.UNAVAILABLE, e.getMessage(), RETRY_AFTER, e);
        } catch (StoredRed.TooManySamplesException e) {
            throw ShopWatchException.invalid(e.getMessage());
        }
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
