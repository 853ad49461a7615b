package io.shopwatch.metrics.exposition;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.StreamInfo;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.metrics.MetricsProperties;
import io.shopwatch.metrics.definition.MetricDefinition;
import io.shopwatch.metrics.definition.MetricRegistry;
import io.shopwatch.metrics.promql.Evaluator;
import io.shopwatch.metrics.promql.Expr;
import io.shopwatch.metrics.promql.StoreSeriesSource;
import io.shopwatch.metrics.web.PathOrgs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/metrics/prometheus}: the org's current business metrics (each series' latest sample within the
 * 5-minute lookback, read from the store) in the Prometheus text format 0.0.4, so that a Prometheus can scrape them.
 */
@RestController
@Tag(name = "metrics")
public class ExpositionController {

    static final MediaType TEXT_0_0_4 = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");
    static final MediaType OPENMETRICS =
            MediaType.parseMediaType("application/openmetrics-text; version=1.0.0; charset=utf-8");

    private final OpenObserveClient client;
    private final MetricRegistry registry;
    private final OrgResolver orgs;
    private final PathOrgs pathOrgs;
    private final Clock clock;
    private final int pageSize;
    private final long maxSamples;

    public ExpositionController(
            OpenObserveClient client,
            MetricRegistry registry,
            OrgResolver orgs,
            PathOrgs pathOrgs,
            Clock clock,
            MetricsProperties properties) {
        this.client = client;
        this.registry = registry;
        this.orgs = orgs;
        this.pathOrgs = pathOrgs;
        this.clock = clock;
        this.pageSize = properties.queryPageSize();
        this.maxSamples = properties.queryMaxSamples();
    }

    @Operation(
            summary = "The org's current business metrics in the Prometheus text format",
            description = "OpenMetrics 1.0 when Accept asks for application/openmetrics-text (as Prometheus does)")
    @GetMapping("/api/v1/metrics/prometheus")
    public ResponseEntity<String> scrape(HttpServletRequest request, @RequestParam(required = false) String org) {
        String tenant = org == null || org.isBlank() ? orgs.org(request) : pathOrgs.require(org, Role.VIEWER);
        OpenObserveClient forOrg = client.forOrg(tenant);
        Map<String, MetricDefinition> definitions = new HashMap<>();
        registry.list(tenant).forEach(d -> definitions.put(d.name(), d));
        long now = clock.millis();
        Map<String, List<Evaluator.VectorSample>> latest = new TreeMap<>();
        for (StreamInfo stream : forOrg.listStreams(StreamType.METRICS)) {
            Evaluator evaluator = new Evaluator(new StoreSeriesSource(forOrg, pageSize, maxSamples));
            Evaluator.Value value = evaluator.instant(new Expr.VectorSelector(stream.name(), List.of(), 0), now);
            List<Evaluator.VectorSample> samples = ((Evaluator.Vector) value).samples();
            if (!samples.isEmpty()) {
                latest.put(stream.name(), samples);
            }
        }
        boolean openMetrics = wantsOpenMetrics(request.getHeader("Accept"));
        return ResponseEntity.ok()
                .contentType(openMetrics ? OPENMETRICS : TEXT_0_0_4)
                .body(TextFormat.write(latest, definitions, openMetrics));
    }

    /** Whether the Accept header asks for OpenMetrics (with a quality above zero). */
    static boolean wantsOpenMetrics(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            for (MediaType type : MediaType.parseMediaTypes(accept)) {
                if (type.getType().equals("application")
                        && type.getSubtype().equals("openmetrics-text")
                        && type.getQualityValue() > 0) {
                    return true;
                }
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        return false;
    }
}
