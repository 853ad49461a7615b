package io.shopwatch.metrics.exposition;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.StreamInfo;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.common.security.Role;
import io.shopwatch.metrics.definition.MetricDefinition;
import io.shopwatch.metrics.definition.MetricRegistry;
import io.shopwatch.metrics.web.PathOrgs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/{org}/prometheus/api/v1/metadata}: Prometheus' metric metadata, {@code {"status":"success","data":
 * {"<metric>":[{"type","help","unit"}]}}}, from the org's metric definitions and, for metrics stored without a
 * definition, from the store's metric streams (a {@code _bucket}/{@code _sum}/{@code _count} family is a histogram, any
 * other stream {@code unknown}, as Prometheus calls an untyped metric). {@code limit} caps the metrics,
 * {@code limit_per_metric} the entries per metric (always one here), {@code metric} selects one.
 */
@RestController
@Tag(name = "metrics")
public class MetadataController {

    private static final String[] HISTOGRAM_SUFFIXES = {"_bucket", "_sum", "_count"};

    private final OpenObserveClient client;
    private final MetricRegistry registry;
    private final PathOrgs orgs;

    public MetadataController(OpenObserveClient client, MetricRegistry registry, PathOrgs orgs) {
        this.client = client;
        this.registry = registry;
        this.orgs = orgs;
    }

    @Operation(summary = "Metric metadata (Prometheus HTTP API)")
    @GetMapping("/api/{org}/prometheus/api/v1/metadata")
    public Map<String, Object> metadata(
            @PathVariable String org,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "limit_per_metric", required = false) Integer limitPerMetric,
            @RequestParam(required = false) String metric) {
        String tenant = orgs.require(org, Role.VIEWER);
        Map<String, Map<String, String>> byMetric = new TreeMap<>();
        for (MetricDefinition definition : registry.list(tenant)) {
            byMetric.put(definition.name(), entry(definition.type(), definition.help(), definition.unit()));
        }
        Set<String> streams = new TreeSet<>();
        for (StreamInfo stream : client.forOrg(tenant).listStreams(StreamType.METRICS)) {
            streams.add(stream.name());
        }
        for (String stream : streams) {
            String family = family(stream, streams);
            byMetric.putIfAbsent(family, entry(family.equals(stream) ? "unknown" : "histogram", "", ""));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> entry : byMetric.entrySet()) {
            if (metric != null && !metric.isEmpty() && !metric.equals(entry.getKey())) {
                continue;
            }
            if (limit != null && limit > 0 && data.size() >= limit) {
                break;
            }
            List<Map<String, String>> entries = new ArrayList<>(List.of(entry.getValue()));
            data.put(entry.getKey(), limitPerMetric != null && limitPerMetric == 0 ? List.of() : entries);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", data);
        return body;
    }

    private static Map<String, String> entry(String type, String help, String unit) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("type", type);
        entry.put("help", help == null ? "" : help);
        entry.put("unit", unit == null ? "" : unit);
        return entry;
    }

    private static String family(String stream, Set<String> streams) {
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (stream.endsWith(suffix)) {
                String base = stream.substring(0, stream.length() - suffix.length());
                if (streams.contains(base + "_bucket")) {
                    return base;
                }
            }
        }
        return stream;
    }
}
