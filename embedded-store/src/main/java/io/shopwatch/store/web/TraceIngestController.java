package io.shopwatch.store.web;

import io.shopwatch.common.openobserve.OpenObserveNames;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.common.trace.SpanRows;
import io.shopwatch.store.config.StoreProperties;
import io.shopwatch.store.error.StoreException;
import io.shopwatch.store.ingest.IngestStatus;
import io.shopwatch.store.ingest.Ingester;
import io.shopwatch.store.stream.StreamKey;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenObserve's OTLP/HTTP trace ingestion ({@code /api/{org}/v1/traces}, {@code /api/{org}/traces}) for OTLP's JSON
 * encoding: each span becomes a row of the {@code traces} stream named by the {@code stream-name} header
 * ({@code default} without it), in OpenObserve's span layout ({@link SpanRows}). As OpenObserve does, a missing
 * content type counts as JSON, and rejected spans are reported as partial success: {@code 206} with
 * {@code partialSuccess.rejectedSpans}. Protobuf bodies are not taken by this store (415).
 */
@RestController
@OpenObserveApi
public class TraceIngestController {

    private final Ingester ingester;
    private final StoreProperties properties;
    private final ObjectMapper json;

    public TraceIngestController(Ingester ingester, StoreProperties properties, ObjectMapper json) {
        this.ingester = ingester;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping({"/api/{org}/v1/traces", "/api/{org}/traces", "/api/{org}/otel/v1/traces"})
    public ResponseEntity<ObjectNode> traces(
            @PathVariable String org,
            @RequestHeader(name = "stream-name", required = false) String streamName,
            HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType != null && !contentType.startsWith("application/json")) {
            throw new StoreException(415, 415, "this store takes OTLP traces as JSON only, not " + contentType, null);
        }
        JsonNode body = parse(body(request));
        SpanRows.Result converted;
        try {
            converted = SpanRows.fromOtlpJson(body);
        } catch (IllegalArgumentException e) {
            throw StoreException.badRequest("Invalid OTLP trace request: " + e.getMessage());
        }
        String stream = streamName == null || streamName.isBlank() ? "default" : streamName;
        String name = properties.skipFormatStreamName()
                ? stream
                : OpenObserveNames.streamName(stream, properties.formatStreamNameToLowercase());
        long rejected = converted.rejected();
        String error = converted.error();
        if (!converted.rows().isEmpty()) {
            List<JsonNode> records = new ArrayList<>(converted.rows().size());
            for (Map<String, Object> row : converted.rows()) {
                records.add(json.valueToTree(row));
            }
            IngestStatus status = ingester.ingest(
                    new StreamKey(org, StreamType.TRACES, name), records, request.getContentLengthLong());
            rejected += status.failed();
            if (error == null) {
                error = status.error();
            }
        }
        ObjectNode answer = json.createObjectNode();
        if (rejected == 0) {
            return ResponseEntity.ok(answer);
        }
        ObjectNode partial = answer.putObject("partialSuccess");
        partial.put("rejectedSpans", rejected);
        partial.put("errorMessage", error == null ? "some spans were rejected" : error);
        return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT).body(answer);
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw StoreException.badRequest("Invalid json: " + e.getOriginalMessage());
        }
    }

    private static byte[] body(HttpServletRequest request) {
        try {
            return request.getInputStream().readAllBytes();
        } catch (RequestDecompressionFilter.PayloadTooLargeException e) {
            throw new StoreException(413, 413, e.getMessage(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }
}
