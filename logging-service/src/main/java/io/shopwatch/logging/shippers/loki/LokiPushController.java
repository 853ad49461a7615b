package io.shopwatch.logging.shippers.loki;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.RetryLaterException;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.logging.ingest.BatchIngestor;
import io.shopwatch.logging.ingest.IngestProperties;
import io.shopwatch.logging.ingest.MappedRecord;
import io.shopwatch.logging.shippers.ShipperRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Loki's push API, {@code POST /loki/api/v1/push} (the caller's org) and {@code POST /api/{org}/loki/api/v1/push}
 * (OpenObserve's path), as Promtail, Grafana Alloy, Fluent Bit's {@code loki} output and Vector's {@code loki} sink
 * send it: snappy protobuf or JSON ({@link LokiPushDecoder}). Answered as Loki answers: 204 when every line was taken;
 * 400 with a text reason when some were rejected (the others are stored; Loki's clients do not retry a 400), or when
 * the body cannot be read; 429/503 with {@code Retry-After}, which they retry. The stream is the {@code stream-name}
 * header, else {@code default}.
 */
@RestController
@Tag(name = "ingestion (Loki)")
public class LokiPushController {

    private static final String STREAM_HEADER = "stream-name";

    private final BatchIngestor ingestor;
    private final OrgResolver orgs;
    private final long maxBytes;

    public LokiPushController(
            @Qualifier("shipperIngestor") BatchIngestor ingestor, OrgResolver orgs, IngestProperties properties) {
        this.ingestor = ingestor;
        this.orgs = orgs;
        this.maxBytes = properties.maxBodySize().toBytes();
    }

    @Operation(
            summary = "Ingest Loki push requests",
            description = "logproto.PushRequest as snappy protobuf (application/x-protobuf) or JSON"
                    + " ({\"streams\":[{\"stream\":{labels},\"values\":[[\"<ns>\",\"<line>\"]]}]}). Labels become"
                    + " fields, the line is message. Stream: the stream-name header, default 'default'.")
    @ApiResponse(responseCode = "204", description = "Every line is in Kafka")
    @ApiResponse(responseCode = "400", description = "Some lines rejected (the rest taken), or the body is unreadable")
    @PostMapping(path = "/loki/api/v1/push")
    public ResponseEntity<String> push(HttpServletRequest request) {
        return push(orgs.org(request), request);
    }

    @Operation(summary = "Ingest Loki push requests for the org of the path (OpenObserve's path)")
    @ApiResponse(responseCode = "204", description = "Every line is in Kafka")
    @PostMapping(path = "/api/{org}/loki/api/v1/push")
    public ResponseEntity<String> orgPush(@PathVariable String org, HttpServletRequest request) {
        return push(ShipperRequests.orgFromPath(org), request);
    }

    private ResponseEntity<String> push(String org, HttpServletRequest request) {
        String contentType = request.getContentType();
        boolean json = contentType != null
                && contentType.strip().toLowerCase(Locale.ROOT).startsWith("application/json");
        String stream = request.getHeader(STREAM_HEADER);
        BatchIngestor.Outcome outcome = ingestor.ingest(
                ShipperRequests.raw(org, request),
                new LokiPushDecoder(json, stream == null ? null : stream.strip(), maxBytes));
        if (outcome.rejected() == 0) {
            return ResponseEntity.noContent().build();
        }
        String last = null;
        for (MappedRecord record : outcome.records()) {
            if (record instanceof MappedRecord.Rejected rejected) {
                last = rejected.detail();
            }
        }
        return ResponseEntity.badRequest()
                .contentType(MediaType.TEXT_PLAIN)
                .body(outcome.rejected() + " of " + outcome.records().size() + " lines rejected, the others stored;"
                        + " last reason: " + last);
    }

    /** Loki's refusals are plain text; Retry-After on 429/503. */
    @ExceptionHandler(ShopWatchException.class)
    ResponseEntity<String> refused(ShopWatchException e) {
        ResponseEntity.BodyBuilder answer =
                ResponseEntity.status(e.type().status()).contentType(MediaType.TEXT_PLAIN);
        if (e instanceof RetryLaterException later) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(later.retryAfterSeconds()));
        }
        return answer.body(e.getMessage());
    }
}
