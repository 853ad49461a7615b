package io.shopwatch.logging.shippers;

import io.shopwatch.common.openobserve.OpenObserveNames;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.logging.ingest.BatchIngestor;
import io.shopwatch.logging.ingest.BatchParser;
import io.shopwatch.logging.ingest.DecodedRecord;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenObserve's log ingestion API at its own paths, answered in its shapes, so that Fluent Bit's and Vector's
 * OpenObserve and Elasticsearch outputs and OpenObserve's client libraries work by changing the URL. Every record
 * goes the way of {@code POST /api/v1/logs}: checked, sent to Kafka, answered once Kafka acknowledged it; the pipeline
 * masks, de-duplicates, counts and stores it. Records are mapped by {@link ShipperLogMapper}.
 *
 * <p>Whole-request refusals are OpenObserve's {@code {"code":N,"message":"..."}} with the same status; 503 (Kafka did
 * not acknowledge, too many large batches in flight) carries {@code Retry-After}, which the shippers honour.
 */
@RestController
@Tag(name = "ingestion (OpenObserve API)")
public class OpenObserveIngestController {

    private static final Pattern STREAM = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,127}");

    private final BatchIngestor ingestor;
    private final BatchParser parser;

    public OpenObserveIngestController(@Qualifier("shipperIngestor") BatchIngestor ingestor, BatchParser parser) {
        this.ingestor = ingestor;
        this.parser = parser;
    }

    @Operation(
            summary = "Ingest log records (OpenObserve _json)",
            description = "A JSON array of objects, or one object; gzip, zstd or snappy with Content-Encoding."
                    + " Answer: {\"code\":200,\"status\":[{\"name\":stream,\"successful\":n,\"failed\":m,"
                    + "\"error\":last reason}]}")
    @ApiResponse(responseCode = "200", description = "Accepted records are in Kafka; rejected ones are counted")
    @PostMapping(path = "/api/{org}/{stream}/_json", produces = MediaType.APPLICATION_JSON_VALUE)
    public OpenObserveAnswers.IngestionResponse json(
            @PathVariable String org, @PathVariable String stream, HttpServletRequest request) {
        return lines(org, stream, request, BatchParser.Format.JSON);
    }

    @Operation(
            summary = "Ingest log records (OpenObserve _multi)",
            description = "NDJSON: one object per line, blank lines skipped. Answer as _json.")
    @ApiResponse(responseCode = "200", description = "Accepted records are in Kafka; rejected ones are counted")
    @PostMapping(path = "/api/{org}/{stream}/_multi", produces = MediaType.APPLICATION_JSON_VALUE)
    public OpenObserveAnswers.IngestionResponse multi(
            @PathVariable String org, @PathVariable String stream, HttpServletRequest request) {
        return lines(org, stream, request, BatchParser.Format.NDJSON);
    }

    @Operation(
            summary = "Ingest log records (Elasticsearch bulk)",
            description = "NDJSON pairs of an action (index, create, update; delete is skipped) with _index as the"
                    + " stream and an optional _id, and a document. Answer: {\"took\",\"errors\",\"items\":[{\"index\":"
                    + "{\"_index\",\"_id\",\"status\":200|422,...}}]}, HTTP 200 even when items failed.")
    @ApiResponse(responseCode = "200", description = "Per document: 200 created, or 422 with the reason")
    @PostMapping(path = "/api/{org}/_bulk", produces = MediaType.APPLICATION_JSON_VALUE)
    public OpenObserveAnswers.BulkResponse bulk(@PathVariable String org, HttpServletRequest request) {
        long started = System.nanoTime();
        BulkDecoder decoder = new BulkDecoder(parser);
        BatchIngestor.Outcome outcome =
                ingestor.ingest(ShipperRequests.raw(ShipperRequests.orgFromPath(org), request), decoder);
        return OpenObserveAnswers.bulk((System.nanoTime() - started) / 1_000_000, decoder, outcome);
    }

    private OpenObserveAnswers.IngestionResponse lines(
            String org, String stream, HttpServletRequest request, BatchParser.Format format) {
        String writer = ShipperRequests.orgFromPath(org);
        String name = OpenObserveNames.streamName(stream.strip());
        if (!STREAM.matcher(name).matches()) {
            throw ShopWatchException.invalid(
                    "stream '" + stream + "' must start with a letter and have at most 128 letters, digits or _");
        }
        BatchIngestor.Outcome outcome = ingestor.ingest(
                ShipperRequests.raw(writer, request), (body, max) -> parser.parse(body, format, max).stream()
                        .map(item -> new DecodedRecord(item.node(), name, item.error()))
                        .toList());
        return OpenObserveAnswers.ingestion(name, outcome);
    }

    /** OpenObserve's error body, with the status (and Retry-After) the shared handler would give. */
    @ExceptionHandler(ShopWatchException.class)
    ResponseEntity<OpenObserveAnswers.Refusal> refused(ShopWatchException e) {
        return OpenObserveErrors.refusal(e);
    }
}
