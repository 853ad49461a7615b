package io.shopwatch.metrics.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.shopwatch.common.otlp.OtlpHttp;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.metrics.MetricsProperties;
import io.shopwatch.metrics.ingest.MetricsIngestor;
import io.shopwatch.metrics.limits.DiscardedSamples;
import io.shopwatch.metrics.limits.Refusal;
import io.shopwatch.metrics.web.PathOrgs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OTLP/HTTP metrics, as the OpenTelemetry SDKs, the Java agent and the Collector's {@code otlphttp} exporter send them:
 * {@code POST /v1/metrics} (the caller's org) and OpenObserve's {@code POST /api/{org}/v1/metrics}. Protobuf
 * ({@code application/x-protobuf}) or JSON ({@code application/json}), optionally gzip. The answer is an
 * {@code ExportMetricsServiceResponse} in the request's encoding, sent only after Kafka acknowledged the accepted data
 * points; refused data points are counted in {@code partial_success} (200, not to be retried, as the OTLP
 * specification says). Refusals of the whole request carry a {@code google.rpc.Status}: 400 undecodable, 413 over the
 * limits, 415 another content type or encoding, 503 with {@code Retry-After} when Kafka did not acknowledge.
 */
@RestController
@Tag(name = "ingestion")
public class OtlpMetricsController {

    static final String PROTOBUF = "application/x-protobuf";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final OtlpMetricsReader reader;
    private final MetricsIngestor ingestor;
    private final DiscardedSamples discarded;
    private final OrgResolver orgs;
    private final PathOrgs pathOrgs;
    private final long maxBodyBytes;
    private final int maxSamples;

    public OtlpMetricsController(
            OtlpMetricsReader reader,
            MetricsIngestor ingestor,
            DiscardedSamples discarded,
            OrgResolver orgs,
            PathOrgs pathOrgs,
            MetricsProperties properties) {
        this.reader = reader;
        this.ingestor = ingestor;
        this.discarded = discarded;
        this.orgs = orgs;
        this.pathOrgs = pathOrgs;
        this.maxBodyBytes = properties.maxOtlpSize().toBytes();
        this.maxSamples = properties.maxSamplesPerRequest();
    }

    @Operation(
            summary = "Ingest OTLP/HTTP metrics",
            description = "ExportMetricsServiceRequest as protobuf (application/x-protobuf) or JSON (application/json),"
                    + " gzip with Content-Encoding. Sums, gauges, histograms, exponential histograms (degraded to"
                    + " classic buckets) and summaries.")
    @ApiResponse(responseCode = "200", description = "ExportMetricsServiceResponse; partial_success counts refusals")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge: retry after Retry-After seconds")
    @PostMapping(path = "/v1/metrics")
    public ResponseEntity<byte[]> metrics(HttpServletRequest request) {
        return export(orgs.org(request), request);
    }

    @Operation(summary = "Ingest OTLP/HTTP metrics for the org of the path (OpenObserve's path)")
    @ApiResponse(responseCode = "200", description = "ExportMetricsServiceResponse; partial_success counts refusals")
    @PostMapping(path = "/api/{org}/v1/metrics")
    public ResponseEntity<byte[]> orgMetrics(@PathVariable String org, HttpServletRequest request) {
        return export(pathOrgs.require(org, Role.INGEST), request);
    }

    private ResponseEntity<byte[]> export(String org, HttpServletRequest request) {
        boolean json = OtlpHttp.isJson(request.getContentType());
        byte[] body = OtlpHttp.readBody(request, maxBodyBytes, "METRICS_MAX_OTLP_SIZE");
        ExportMetricsServiceRequest export = json ? fromJson(body) : fromProtobuf(body);
        int points = OtlpMetricsReader.dataPoints(export);
        if (points > maxSamples) {
            throw new ShopWatchException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    points + " data points in one request, more than " + maxSamples
                            + " (METRICS_MAX_SAMPLES_PER_REQUEST); send smaller batches");
        }
        OtlpMetricsReader.Read read = reader.read(org, export);
        if (read.staleMarkers() > 0) {
            discarded.count(org, Refusal.STALE_MARKER, read.staleMarkers());
        }
        MetricsIngestor.Outcome outcome = ingestor.ingest(org, read.items());
        ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
        MetricsIngestor.ItemResult first = outcome.firstRejection();
        if (first != null) {
            response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(outcome.rejectedItems())
                    .setErrorMessage(outcome.rejectedItems() + " data points refused, the others stored; first: "
                            + first.rejection().message() + " for metric '"
                            + first.item().name() + "'"));
        }
        return answer(json, response.build());
    }

    private static ExportMetricsServiceRequest fromProtobuf(byte[] body) {
        try {
            return ExportMetricsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw ShopWatchException.invalid("not an OTLP ExportMetricsServiceRequest: " + e.getMessage());
        }
    }

    /**
     * OTLP/JSON through protobuf's JSON mapping, unknown fields ignored. Exemplars are removed first: their trace and
     * span ids are hex in OTLP/JSON, which the mapping would misread as base64, and they are not stored.
     */
    static ExportMetricsServiceRequest fromJson(byte[] body) {
        if (body.length == 0) {
            return ExportMetricsServiceRequest.getDefaultInstance();
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JacksonException e) {
            throw ShopWatchException.invalid("not JSON: " + e.getOriginalMessage());
        }
        if (!tree.isObject()) {
            throw ShopWatchException.invalid("an OTLP/JSON request is a JSON object");
        }
        removeExemplars(tree);
        ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
        try {
            JSON_PARSER.merge(JSON.writeValueAsString(tree), builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw ShopWatchException.invalid("not an OTLP/JSON ExportMetricsServiceRequest: " + e.getMessage());
        }
        return builder.build();
    }

    private static void removeExemplars(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("exemplars");
            object.values().forEach(OtlpMetricsController::removeExemplars);
        } else if (node.isArray()) {
            node.values().forEach(OtlpMetricsController::removeExemplars);
        }
    }

    private static ResponseEntity<byte[]> answer(boolean json, ExportMetricsServiceResponse message) {
        byte[] body;
        if (json) {
            try {
                body = JSON_PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        } else {
            body = message.toByteArray();
        }
        return ResponseEntity.ok()
                .contentType(json ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(PROTOBUF))
                .body(body);
    }

    /** OTLP's refusal body, {@code google.rpc.Status}, in the request's encoding; Retry-After on 503. */
    @ExceptionHandler(ShopWatchException.class)
    ResponseEntity<byte[]> refused(ShopWatchException e, HttpServletRequest request) {
        return OtlpHttp.refusal(e, OtlpHttp.answersInJson(request));
    }
}
