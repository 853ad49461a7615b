package io.shopwatch.logging.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shopwatch.common.event.BehaviourEvent;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
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
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/events}: a batch of behaviour events, each checked against its type's schema, keyed by session;
 * {@code GET /api/v1/events/types}: the vocabulary.
 */
@RestController
@Tag(name = "ingestion")
public class EventIngestController extends BatchIngestEndpoint {

    private final EventSchemaCatalog catalog;

    public EventIngestController(
            @Qualifier("eventIngestor") BatchIngestor ingestor, OrgResolver orgs, EventSchemaCatalog catalog) {
        super(ingestor, orgs);
        this.catalog = catalog;
    }

    @Operation(
            summary = "Ingest behaviour events",
            description = "A JSON array of events (or one event), or NDJSON with application/x-ndjson; gzip with"
                    + " Content-Encoding: gzip. Each event is checked against the JSON schema of its type (see"
                    + " GET /api/v1/events/types and docs/events.md). The answer lists the rejected ones with"
                    + " their reason (all with ?results=all). 200 is sent only after Kafka acknowledged every"
                    + " accepted event.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = {
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                                        array = @ArraySchema(schema = @Schema(implementation = BehaviourEvent.class))),
                                @Content(
                                        mediaType = HttpIngestRequests.NDJSON,
                                        schema = @Schema(implementation = BehaviourEvent.class))
                            }))
    @ApiResponse(responseCode = "200", description = "Per-record answer; accepted events are in Kafka")
    @BatchPost("/api/v1/events")
    public IngestResponse ingest(
            HttpServletRequest request, @RequestParam(name = "results", required = false) String results) {
        return ingestBatch(request, results);
    }

    /**
     * The event types that have a schema.
     *
     * @param types sorted type names
     * @param unknownTypes what happens to other types: {@code accept} or {@code reject}
     */
    public record Vocabulary(
            Set<String> types,
            @JsonProperty("unknown_types") String unknownTypes) {}

    @Operation(summary = "The event types with a schema, and the rule for other types")
    @GetMapping(path = "/api/v1/events/types", produces = MediaType.APPLICATION_JSON_VALUE)
    public Vocabulary types() {
        return new Vocabulary(catalog.types(), catalog.unknownTypes().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Operation(summary = "The JSON schema (draft 2020-12) of one event type's properties")
    @GetMapping(path = "/api/v1/events/types/{type}", produces = MediaType.APPLICATION_JSON_VALUE)
    public JsonNode schema(@PathVariable String type) {
        return catalog.schema(type).orElseThrow(() -> ShopWatchException.notFound("event type", type));
    }
}
