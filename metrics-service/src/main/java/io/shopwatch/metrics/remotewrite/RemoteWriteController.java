package io.shopwatch.metrics.remotewrite;

import io.shopwatch.common.security.Role;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.metrics.ingest.MetricsIngestor;
import io.shopwatch.metrics.web.PathOrgs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prometheus remote write 1.0 at OpenObserve's path, {@code POST /api/{org}/prometheus/api/v1/write}: 204 when every
 * sample was accepted (and Kafka acknowledged it), 400 (not retried by Prometheus) when the body is bad or a sample was
 * refused (the others are stored, as Mimir does), 413 for a body over the limit, 503 with Retry-After when Kafka did
 * not acknowledge.
 */
@RestController
@Tag(name = "ingestion")
public class RemoteWriteController {

    private final RemoteWriteDecoder decoder;
    private final RemoteWriteSamples samples;
    private final MetricsIngestor ingestor;
    private final PathOrgs orgs;
    private final int maxSamples;

    public RemoteWriteController(
            RemoteWriteDecoder decoder,
            RemoteWriteSamples samples,
            MetricsIngestor ingestor,
            PathOrgs orgs,
            io.shopwatch.metrics.MetricsProperties properties) {
        this.decoder = decoder;
        this.samples = samples;
        this.ingestor = ingestor;
        this.orgs = orgs;
        this.maxSamples = properties.maxSamplesPerRequest();
    }

    @Operation(
            summary = "Prometheus remote write 1.0",
            description = "A snappy-compressed protobuf WriteRequest (Content-Encoding: snappy,"
                    + " Content-Type: application/x-protobuf), as Prometheus, Grafana Agent and Alloy send it.")
    @ApiResponse(responseCode = "204", description = "Every sample accepted and in Kafka")
    @ApiResponse(responseCode = "400", description = "Bad body, or samples refused (the others are stored)")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge: retry after Retry-After seconds")
    @PostMapping(path = "/api/{org}/prometheus/api/v1/write")
    public ResponseEntity<Void> write(
            @PathVariable String org,
            @RequestHeader(name = "Content-Encoding", required = false) String encoding,
            @RequestBody(required = false) byte[] body) {
        String tenant = orgs.require(org, Role.INGEST);
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("snappy")) {
            throw new ShopWatchException(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding must be snappy, not " + encoding);
        }
        if (body == null || body.length == 0) {
            throw ShopWatchException.invalid("the body is empty; expected a snappy-compressed WriteRequest");
        }
        RemoteWriteRequest request;
        try {
            request = decoder.decode(body);
        } catch (RemoteWriteDecoder.InvalidBodyException e) {
            throw ShopWatchException.invalid(e.getMessage());
        } catch (RemoteWriteDecoder.TooLargeException e) {
            throw new ShopWatchException(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage());
        }
        RemoteWriteSamples.Read read = samples.read(tenant, request);
        if (read.items().size() > maxSamples) {
            throw new ShopWatchException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    read.items().size() + " samples in one request, more than " + maxSamples
                            + " (METRICS_MAX_SAMPLES_PER_REQUEST)");
        }
        MetricsIngestor.Outcome outcome = ingestor.ingest(tenant, read.items());
        MetricsIngestor.ItemResult first = outcome.firstRejection();
        if (first != null) {
            throw ShopWatchException.invalid(outcome.rejectedSamples() + " of "
                    + (outcome.rejectedSamples() + outcome.acceptedSamples()) + " samples refused, the others"
                    + " stored; first: " + first.rejection().message() + " for series index "
                    + first.item().index());
        }
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }
}
