package io.shopwatch.store.web;

import io.shopwatch.common.openobserve.OpenObserveNames;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.store.config.StoreProperties;
import io.shopwatch.store.error.StoreException;
import io.shopwatch.store.ingest.IngestStatus;
import io.shopwatch.store.ingest.Ingester;
import io.shopwatch.store.ingest.MetricSamples;
import io.shopwatch.store.stream.StreamKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenObserve's ingestion endpoints: {@code _json} (array or single object), {@code _multi} (NDJSON) and
 * {@code ingest/metrics/_json}. The answer is always OpenObserve's {@code {"code":200,"status":[...]}}, with refused
 * records counted per stream; whole-request problems (not JSON, empty stream name) are 400.
 */
@RestController
@OpenObserveApi
public class IngestController {

    private final Ingester ingester;
    private final StoreProperties properties;
    private final ObjectMapper json;

    public IngestController(Ingester ingester, StoreProperties properties, ObjectMapper json) {
        this.ingester = ingester;
        this.properties = properties;
        this.json = json;
    }

    /** The body is read as it arrives, record by record, straight into the rows the store appends. */
    @PostMapping("/api/{org}/{stream}/_json")
    public void json(
            @PathVariable String org,
            @PathVariable String stream,
            HttpServletRequest request,
            HttpServletResponse response) {
        StreamKey key = key(org, StreamType.LOGS, stream);
        InputStream body;
        try {
            body = request.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
        IngestStatus status;
        try {
            status = ingester.ingestJson(key, body);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof RequestDecompressionFilter.PayloadTooLargeException tooLarge) {
                throw new StoreException(413, 413, tooLarge.getMessage(), null);
            }
            throw e;
        }
        answer(List.of(status), response);
    }

    @PostMapping("/api/{org}/{stream}/_multi")
    public void multi(
            @PathVariable String org,
            @PathVariable String stream,
            HttpServletRequest request,
            HttpServletResponse response) {
        byte[] body = body(request);
        List<JsonNode> records = new ArrayList<>();
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                records.add(parse(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        answer(List.of(ingester.ingest(key(org, StreamType.LOGS, stream), records, length(body))), response);
    }

    @PostMapping("/api/{org}/ingest/metrics/_json")
    public void metrics(@PathVariable String org, HttpServletRequest request, HttpServletResponse response) {
        byte[] body = body(request);
        Map<String, List<JsonNode>> byMetric = MetricSamples.byMetric(
                parse(body),
                name -> properties.skipFormatStreamName()
                        ? name
                        : OpenObserveNames.streamName(name, properties.formatStreamNameToLowercase()));
        long total = byMetric.values().stream().mapToLong(List::size).sum();
        List<IngestStatus> statuses = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : byMetric.entrySet()) {
            long share = total == 0 ? 0 : length(body) * e.getValue().size() / total;
            statuses.add(ingester.ingest(key(org, StreamType.METRICS, e.getKey()), e.getValue(), share));
        }
        answer(statuses, response);
    }

    /** {@code POST /api/{org}//_json}: OpenObserve answers 400 for an empty stream name, not 404. */
    @PostMapping({"/api/{org}//_json", "/api/{org}//_multi"})
    public ObjectNode emptyStream(@PathVariable String org) {
        throw StoreException.badRequest("Stream name is empty");
    }

    private StreamKey key(String org, StreamType type, String stream) {
        if (org == null || org.isBlank()) {
            throw StoreException.badRequest("Organization is empty");
        }
        String name = properties.skipFormatStreamName()
                ? stream
                : OpenObserveNames.streamName(stream, properties.formatStreamNameToLowercase());
        if (name == null || name.isEmpty()) {
            throw StoreException.badRequest("Stream name is empty");
        }
        return new StreamKey(org, type, name);
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw StoreException.badRequest("Invalid json: the request body is empty");
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw StoreException.badRequest("Invalid json: " + e.getOriginalMessage());
        }
    }

    /**
     * The raw body, whatever the content type: OpenObserve reads ingestion bodies as bytes, so {@code curl -d} (which
     * says {@code application/x-www-form-urlencoded}) works too.
     */
    private static byte[] body(HttpServletRequest request) {
        try {
            return request.getInputStream().readAllBytes();
        } catch (RequestDecompressionFilter.PayloadTooLargeException e) {
            throw new StoreException(413, 413, e.getMessage(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    private static long length(byte[] body) {
        return body == null ? 0 : body.length;
    }

    /**
     * OpenObserve's answer, written straight to the response ({@code Content-Type: application/json}, its length, the
     * bytes): Spring's return-value handling (content negotiation, the search for a converter, which asks every JSON
     * converter on the classpath, Jackson 2's too, and copying the headers) is per-request code, which a 1,000-record
     * request runs a thousand times less often than the per-record code and so mostly before the JIT has compiled it.
     */
    private void answer(List<IngestStatus> statuses, HttpServletResponse response) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("code", 200);
        ArrayNode status = answer.putArray("status");
        for (IngestStatus s : statuses) {
            ObjectNode item = status.addObject();
            item.put("name", s.name());
            item.put("successful", s.successful());
            item.put("failed", s.failed());
            if (s.error() != null && !s.error().isEmpty()) {
                item.put("error", s.error());
            }
        }
        byte[] bytes = json.writeValueAsBytes(answer);
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(bytes.length);
        try {
            response.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the answer", e);
        }
    }
}
