package io.shopwatch.logging;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.logging.ingest.BatchIngestor;
import io.shopwatch.logging.ingest.HttpIngestRequests;
import io.shopwatch.logging.ingest.IngestResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * What the log and event ingestion endpoints share: a POSTed JSON or NDJSON batch becomes a request to their
 * {@link BatchIngestor} (org, body layout, answer detail), and the refusals every batch endpoint answers are documented
 * once ({@link BatchPost}). Each endpoint adds its path, its OpenAPI operation with its record schema, and its 200.
 */
public abstract class BatchIngestEndpoint {

    private final BatchIngestor ingestor;
    private final OrgResolver orgs;

    protected BatchIngestEndpoint(BatchIngestor ingestor, OrgResolver orgs) {
        this.ingestor = ingestor;
        this.orgs = orgs;
    }

    /**
     * Ingests the request's batch for the request's org.
     *
     * @param results {@code rejected} (default: the answer lists rejected records only) or {@code all}
     */
    protected IngestResponse ingestBatch(HttpServletRequest request, String results) {
        return ingestor.ingest(HttpIngestRequests.from(request, orgs, results));
    }

    /**
     * {@code POST} of a JSON array (or one object) or NDJSON to the given path, with the {@code results} query
     * parameter and the answers every batch endpoint gives besides its 200.
     */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @RequestMapping(
            method = RequestMethod.POST,
            consumes = {MediaType.APPLICATION_JSON_VALUE, HttpIngestRequests.NDJSON},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Parameter(
            name = "results",
            in = ParameterIn.QUERY,
            description = "rejected (default) or all: which records the answer lists")
    @ApiResponse(responseCode = "400", description = "The body cannot be parsed at all (problem+json)")
    @ApiResponse(responseCode = "413", description = "Body or record count over the limit (problem+json)")
    @ApiResponse(responseCode = "415", description = "Content type or encoding not supported (problem+json)")
    @ApiResponse(
            responseCode = "503",
            description = "Kafka did not acknowledge, or the service is saturated: retry after Retry-After seconds"
                    + " (problem+json)")
    public @interface BatchPost {

        /** The endpoint's path. */
        @AliasFor(annotation = RequestMapping.class, attribute = "path")
        String[] value();
    }
}
