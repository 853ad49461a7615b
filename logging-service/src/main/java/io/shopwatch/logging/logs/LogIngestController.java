package io.shopwatch.logging.logs;

import io.shopwatch.common.event.LogRecord;
import io.shopwatch.logging.ingest.BatchIngestor;
import io.shopwatch.logging.ingest.HttpIngestRequests;
import io.shopwatch.logging.ingest.IngestResponse;
import io.shopwatch.logging.ingest.OrgResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/logs}: a batch of log records, answered record by record after Kafka acknowledged them. */
@RestController
@Tag(name = "ingestion")
public class LogIngestController {

    private final BatchIngestor ingestor;
    private final OrgResolver orgs;

    public LogIngestController(@Qualifier("logIngestor") BatchIngestor ingestor, OrgResolver orgs) {
        this.ingestor = ingestor;
        this.orgs = orgs;
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
    @ApiResponse(responseCode = "400", description = "The body cannot be parsed at all (problem+json)")
    @ApiResponse(responseCode = "413", description = "Body or record count over the limit (problem+json)")
    @ApiResponse(responseCode = "415", description = "Content type or encoding not supported (problem+json)")
    @ApiResponse(
            responseCode = "503",
            description = "Kafka did not acknowledge, or the service is saturated: retry after Retry-After seconds"
                    + " (problem+json)")
    @PostMapping(
            path = "/api/v1/logs",
            consumes = {MediaType.APPLICATION_JSON_VALUE, HttpIngestRequests.NDJSON},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public IngestResponse ingest(
            HttpServletRequest request,
            @Parameter(description = "rejected (default) or all: which records the answer lists")
                    @RequestParam(name = "results", required = false)
                    String results) {
        return ingestor.ingest(HttpIngestRequests.from(request, orgs, results));
    }
}
