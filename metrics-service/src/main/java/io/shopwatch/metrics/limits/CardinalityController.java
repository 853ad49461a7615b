package io.shopwatch.metrics.limits;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/metrics/cardinality}: the caller's org's active series, and its metrics with the most series. */
@RestController
@Tag(name = "metrics")
public class CardinalityController {

    /**
     * The cardinality report.
     *
     * @param series active series of the org (seen within the idle timeout)
     * @param maxSeriesPerOrg the org's limit
     * @param metrics metrics with the most series, most first
     */
    public record Report(
            String org,
            long series,
            @JsonProperty("max_series_per_org") int maxSeriesPerOrg,
            List<MetricReport> metrics) {}

    public record MetricReport(
            String name,
            int series,
            @JsonProperty("max_series_per_metric") int maxSeriesPerMetric) {}

    private final SeriesTracker tracker;
    private final LimitsProvider limits;
    private final OrgResolver orgs;

    public CardinalityController(SeriesTracker tracker, LimitsProvider limits, OrgResolver orgs) {
        this.tracker = tracker;
        this.limits = limits;
        this.orgs = orgs;
    }

    @Operation(summary = "Active series of the org and its metrics with the most series")
    @GetMapping("/api/v1/metrics/cardinality")
    public Report cardinality(HttpServletRequest request, @RequestParam(defaultValue = "10") int limit) {
        String org = orgs.org(request);
        int top = Math.max(1, Math.min(limit, 1000));
        List<MetricReport> metrics = tracker.topMetrics(org, top).stream()
                .map(m -> new MetricReport(
                        m.metric(), m.series(), limits.limits(org, m.metric()).maxSeriesPerMetric()))
                .toList();
        return new Report(org, tracker.seriesOf(org), limits.limits(org, "").maxSeriesPerOrg(), metrics);
    }
}
