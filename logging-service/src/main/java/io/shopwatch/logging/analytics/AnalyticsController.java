package io.shopwatch.logging.analytics;

import io.shopwatch.common.security.servlet.OrgResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Log search, live tail and e-commerce analytics over the caller's org. Times are RFC 3339; the default range is the last hour. */
@Validated
@RestController
public class AnalyticsController {

    private final LogAnalytics analytics;
    private final LiveTail tail;
    private final OrgResolver orgs;
    private final AnalyticsProperties properties;
    private final Clock clock;

    public AnalyticsController(
            LogAnalytics analytics, LiveTail tail, OrgResolver orgs, AnalyticsProperties properties, Clock clock) {
        this.analytics = analytics;
        this.tail = tail;
        this.orgs = orgs;
        this.properties = properties;
        this.clock = clock;
    }

    private LogAnalytics.TimeRange range(Instant from, Instant to) {
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(properties.defaultRange()) : from;
        return new LogAnalytics.TimeRange(start, end);
    }

    /** Log search, newest first, with full-text {@code q}, level and service filters and cursor paging. */
    @GetMapping("/api/v1/logs/search")
    public LogAnalytics.SearchPage search(
            HttpServletRequest request,
            @RequestParam(defaultValue = "logs") String stream,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String level,
            @RequestParam(required = false) String service,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(required = false) String cursor) {
        return analytics.search(orgs.org(request), stream, range(from, to), q, level, service, limit, cursor);
    }

    /** Records stored from now on, as Server-Sent Events ({@code event: log}, data = the stored record). */
    @GetMapping(path = "/api/v1/logs/tail", produces = "text/event-stream")
    public SseEmitter tail(
            HttpServletRequest request,
            @RequestParam(required = false) String stream,
            @RequestParam(required = false) String level,
            @RequestParam(required = false) String service,
            @RequestParam(required = false) String q) {
        return tail.subscribe(new LiveTail.Filter(orgs.org(request), stream, level, service, q));
    }

    /** Records and errors per service per interval, with the error rate. */
    @GetMapping("/api/v1/analytics/error-rate")
    public List<LogAnalytics.ErrorRatePoint> errorRate(
            HttpServletRequest request,
            @RequestParam(defaultValue = "logs") String stream,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "1 minute") String interval,
            @RequestParam(required = false) String service) {
        return analytics.errorRate(orgs.org(request), stream, range(from, to), interval, service);
    }

    /** The most frequent error messages, grouped by pattern. */
    @GetMapping("/api/v1/analytics/top-errors")
    public List<LogAnalytics.ErrorPattern> topErrors(
            HttpServletRequest request,
            @RequestParam(defaultValue = "logs") String stream,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
        return analytics.topErrors(orgs.org(request), stream, range(from, to), limit);
    }

    /** A conversion funnel over ordered event types, e.g. {@code steps=product_view,add_to_cart,checkout_start,order_placed}. */
    @GetMapping("/api/v1/analytics/funnel")
    public LogAnalytics.Funnel funnel(
            HttpServletRequest request,
            @RequestParam(defaultValue = "events") String stream,
            @RequestParam List<String> steps,
            @RequestParam(defaultValue = "3600") @Min(1) @Max(604_800) long window,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        return analytics.funnel(orgs.org(request), stream, range(from, to), steps, window);
    }

    /**
     * Everything one session did, in order: {@code session_id}, {@code events}, and {@code truncated} (with the
     * {@code limit}) when the session has more events than an answer carries.
     */
    @GetMapping("/api/v1/analytics/sessions/{sessionId}")
    public Map<String, Object> session(
            HttpServletRequest request,
            @PathVariable String sessionId,
            @RequestParam(defaultValue = "events") String stream,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        LogAnalytics.Timeline timeline =
                analytics.sessionTimeline(orgs.org(request), stream, range(from, to), sessionId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("session_id", sessionId);
        answer.put("events", timeline.events());
        answer.put("truncated", timeline.truncated());
        answer.put("limit", timeline.limit());
        return answer;
    }

    /** Sessions that added to the cart and did not order. */
    @GetMapping("/api/v1/analytics/cart-abandonment")
    public LogAnalytics.CartAbandonment cartAbandonment(
            HttpServletRequest request,
            @RequestParam(defaultValue = "events") String stream,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        return analytics.cartAbandonment(orgs.org(request), stream, range(from, to));
    }
}
