package io.shopwatch.logging.shippers.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.shopwatch.common.otlp.OtlpHttp;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.logging.ingest.BatchIngestor;
import io.shopwatch.logging.ingest.MappedRecord;
import io.shopwatch.logging.shippers.ShipperRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OTLP/HTTP logs, as the OpenTelemetry SDKs, the Java agent and the Collector's {@code otlphttp} exporter send them:
 * {@code POST /v1/logs} (the caller's org) and {@code POST /api/{org}/v1/logs} (OpenObserve's path). Protobuf
 * ({@code application/x-protobuf}, also when no content type is sent) or JSON ({@code application/json}); the answer is
 * an {@code ExportLogsServiceResponse} in the request's encoding, with {@code partial_success} counting the rejected
 * records. Refusals follow the OTLP specification: a {@code google.rpc.Status} body, 400 for data that can never be
 * taken, 413 over the limits, 503 with {@code Retry-After} (which the exporters retry). The stream is the
 * {@code stream-name} header (OpenObserve's), else {@code default}.
 */
@RestController
@Tag(name = "ingestion (OTLP)")
public class OtlpLogsController {

    static final String PROTOBUF = "application/x-protobuf";
    static final String STREAM_HEADER = "stream-name";

    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final BatchIngestor ingestor;
    private final OrgResolver orgs;

    public OtlpLogsController(@Qualifier("shipperIngestor") BatchIngestor ingestor, OrgResolver orgs) {
        this.ingestor = ingestor;
        this.orgs = orgs;
    }

    @Operation(
            summary = "Ingest OTLP/HTTP logs",
            description = "ExportLogsServiceRequest as protobuf (application/x-protobuf) or JSON (application/json),"
                    + " gzip with Content-Encoding. Stream: the stream-name header, default 'default'.")
    @ApiResponse(responseCode = "200", description = "ExportLogsServiceResponse; partial_success counts rejects")
    @PostMapping(path = "/v1/logs")
    public ResponseEntity<byte[]> logs(HttpServletRequest request) {
        return export(orgs.org(request), request);
    }

    @Operation(summary = "Ingest OTLP/HTTP logs for the org of the path (OpenObserve's path)")
    @ApiResponse(responseCode = "200", description = "ExportLogsServiceResponse; partial_success counts rejects")
    @PostMapping(path = "/api/{org}/v1/logs")
    public ResponseEntity<byte[]> orgLogs(@PathVariable String org, HttpServletRequest request) {
        return export(ShipperRequests.orgFromPath(org), request);
    }

    private ResponseEntity<byte[]> export(String org, HttpServletRequest request) {
        boolean json = isJson(request.getContentType());
        String stream = request.getHeader(STREAM_HEADER);
        BatchIngestor.Outcome outcome = ingestor.ingest(
                ShipperRequests.raw(org, request), new OtlpLogsDecoder(json, stream == null ? null : stream.strip()));
        ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
        if (outcome.rejected() > 0) {
            String last = null;
            for (MappedRecord record : outcome.records()) {
                if (record instanceof MappedRecord.Rejected rejected) {
                    last = rejected.detail();
                }
            }
            response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(outcome.rejected())
                    .setErrorMessage(last));
        }
        return answer(200, json, response.build());
    }

    /** OTLP's refusal body, {@code google.rpc.Status}, in the request's encoding; Retry-After on 429/503. */
    @ExceptionHandler(ShopWatchException.class)
    ResponseEntity<byte[]> refused(ShopWatchException e, HttpServletRequest request) {
        return OtlpHttp.refusal(e, OtlpHttp.answersInJson(request));
    }

    /** Protobuf when the content type is missing; otherwise decided as by every OTLP receiver ({@link OtlpHttp#isJson}). */
    static boolean isJson(String contentType) {
        return contentType != null && !contentType.isBlank() && OtlpHttp.isJson(contentType);
    }

    private static ResponseEntity<byte[]> answer(int status, boolean json, Message message) {
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
        return ResponseEntity.status(status)
                .contentType(json ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(PROTOBUF))
                .body(body);
    }
}
