package io.shopwatch.metrics.ingest;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.metrics.MetricsProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/metrics}: ShopWatch's metrics JSON, answered sample by sample after Kafka acknowledged. */
@RestController
@Tag(name = "ingestion")
public class MetricsIngestController {

    private final JsonSamples reader;
    private final MetricsIngestor ingestor;
    private final OrgResolver orgs;
    private final int maxSamples;

    public MetricsIngestController(
            JsonSamples reader, MetricsIngestor ingestor, OrgResolver orgs, MetricsProperties properties) {
        this.reader = reader;
        this.ingestor = ingestor;
        this.orgs = orgs;
        this.maxSamples = properties.maxSamplesPerRequest();
    }

    @Operation(
            summary = "Ingest metric samples",
            description =
                    "A JSON array (or one object) of {name, type: counter|gauge|histogram, value | buckets+sum+count,"
                            + " labels, timestamp?}. Each sample is checked on its own, against the series and label limits"
                            + " too; the answer lists refused samples with reason and error id (all with ?results=all). 200 is"
                            + " sent only after Kafka acknowledged every accepted sample.")
    @ApiResponse(responseCode = "200", description = "Per-sample answer; accepted samples are in Kafka")
    @ApiResponse(responseCode = "413", description = "More samples than shopwatch.metrics.max-samples-per-request")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge: retry after Retry-After seconds")
    @PostMapping(
            path = "/api/v1/metrics",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public IngestResponse ingest(
            HttpServletRequest request,
            @RequestBody JsonNode body,
            @RequestParam(name = "results", required = false) String results) {
        String org = orgs.org(request);
        if (body.isArray() && body.size() > maxSamples) {
            throw new ShopWatchException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    body.size() + " samples in one request, more than " + maxSamples
                            + " (METRICS_MAX_SAMPLES_PER_REQUEST)");
        }
        List<Item> items = reader.read(org, body);
        return IngestResponse.of(ingestor.ingest(org, items), "all".equalsIgnoreCase(results));
    }
}
