package io.shopwatch.logging.logs;

import io.shopwatch.common.event.LogRecord;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.logging.BatchIngestEndpoint;
import io.shopwatch.logging.ingest.BatchIngestor;
import io.shopwatch.logging.ingest.HttpIngestRequests;
import io.shopwatch.logging.ingest.IngestResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/logs}: a batch of log records, answered record by record after Kafka acknowledged them. */
@RestController
@Tag(name = "ingestion")
public class LogIngestController extends BatchIngestEndpoint {

    public LogIngestController(@Qualifier("logIngestor") BatchIngestor ingestor, OrgResolver orgs) {
        super(ingestor, orgs);
    }

    @Operation(
            summary = "Ingest log records",
            description = "A JSON array of log records (or one record), or NDJSON with application/x-ndjson;"
                    + " gzip with Content-Encoding: gzip. Each record is checked on its own: the answer lists the"
                    + " rejected ones with their reason (all with ?results=all). 200 is sent only after Kafka"
                    + " acknowledged every accepted record.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = {
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                                        array = @ArraySchema(schema = @Schema(implementation = LogRecord.class))),
                                @Content(
                                        mediaType = HttpIngestRequests.NDJSON,
                                        schema = @Schema(implementation = LogRecord.class))
                            }))
    @ApiResponse(responseCode = "200", description = "Per-record answer; accepted records are in Kafka")
    @BatchPost("/api/v1/logs")
    public IngestResponse ingest(
            HttpServletRequest request, @RequestParam(name = "results", required = false) String results) {
        return ingestBatch(request, results);
    }
}
