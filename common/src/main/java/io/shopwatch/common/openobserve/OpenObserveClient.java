package io.shopwatch.common.openobserve;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenObserve's HTTP API as plain Java: ingestion ({@code _json}, {@code _multi}, {@code ingest/metrics/_json}),
 * search ({@code _search}, {@code _values}), the streams API and health. Works the same against an OpenObserve
 * cluster and against ShopWatch's embedded store.
 *
 * <p>Connections are reused (keep-alive) and at most {@code maxConcurrentRequests} are in use at once; request bodies
 * from {@code gzipMinBytes} on are gzip-compressed; 5xx answers and connection errors are retried with backoff (see
 * {@link RetryPolicy}). Ingestion results carry OpenObserve's per-stream {@code successful}/{@code failed} counts:
 * OpenObserve answers 200 even when records were refused, and the client reports that instead of hiding it. Thread
 * safe; one instance per base URL is enough.
 */
public final class OpenObserveClient implements StreamIngestion, StreamSearch, StreamAdministration, AutoCloseable {

    /** OpenObserve's header naming the traces stream of an OTLP request ({@code default} without it). */
    public static final String TRACE_STREAM_HEADER = "stream-name";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final OpenObserveClientSettings settings;
    private final Shared shared;
    private final Map<String, String> headers;

    /** Shared by the per-org views of one client. */
    private record Shared(HttpClient http, Semaphore permits, OpenObserveClientMetrics metrics, ObjectMapper json) {}

    /** A client that reports its meters to {@code registry}. */
    public OpenObserveClient(OpenObserveClientSettings settings, MeterRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.shared = new Shared(
                http,
                new Semaphore(settings.maxConcurrentRequests()),
                new OpenObserveClientMetrics(registry == null ? Metrics.globalRegistry : registry),
                JsonMapper.builder().build());
        this.headers = Map.of();
    }

    /** A client that reports its meters to Micrometer's global registry. */
    public OpenObserveClient(OpenObserveClientSettings settings) {
        this(settings, Metrics.globalRegistry);
    }

    private OpenObserveClient(OpenObserveClientSettings settings, Shared shared, Map<String, String> headers) {
        this.settings = settings;
        this.shared = shared;
        this.headers = headers;
    }

    /** The same client (connections, limits, meters) for another organisation; cheap, nothing is opened. */
    public OpenObserveClient forOrg(String org) {
        if (org.equals(settings.org())) {
            return this;
        }
        return new OpenObserveClient(settings.withOrg(org), shared, headers);
    }

    /**
     * The same client sending {@code headers} on each of its requests as well (e.g. the W3C {@code traceparent} of
     * the caller's span, so that the store's span joins the caller's trace); cheap, nothing is opened.
     */
    public OpenObserveClient withHeaders(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return this;
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(this.headers);
        all.putAll(headers);
        return new OpenObserveClient(settings, shared, Map.copyOf(all));
    }

    /** The organisation of this client's requests. */
    public String org() {
        return settings.org();
    }

    /** The settings this client was built with. */
    public OpenObserveClientSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- ingestion

    @Override
    public IngestResult ingest(String stream, List<?> records) {
        byte[] body = shared.json().writeValueAsBytes(records);
        return ingestion("ingest", "/api/" + seg(org()) + "/" + seg(stream) + "/_json", body);
    }

    @Override
    public IngestResult ingestJson(String stream, List<byte[]> documents) {
        int size = 2 + Math.max(0, documents.size() - 1);
        for (byte[] document : documents) {
            size += document.length;
        }
        byte[] body = new byte[size];
        int at = 0;
        body[at++] = '[';
        for (byte[] document : documents) {
            if (at > 1) {
                body[at++] = ',';
            }
            System.arraycopy(document, 0, body, at, document.length);
            at += document.length;
        }
        body[at] = ']';
        return ingestion("ingest", "/api/" + seg(org()) + "/" + seg(stream) + "/_json", body);
    }

    @Override
    public IngestResult ingestNdjson(String stream, List<?> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object record : records) {
            out.writeBytes(shared.json().writeValueAsBytes(record));
            out.write('\n');
        }
        return ingestion("ingest_multi", "/api/" + seg(org()) + "/" + seg(stream) + "/_multi", out.toByteArray());
    }

    @Override
    public IngestResult ingestMetrics(List<?> samples) {
        byte[] body = shared.json().writeValueAsBytes(samples);
        return ingestion("ingest_metrics", "/api/" + seg(org()) + "/ingest/metrics/_json", body);
    }

    /**
     * OpenObserve's OTLP answer ({@code {}}, or {@code partialSuccess} with {@code rejectedSpans}, with 200 or 206) as
     * an {@link IngestResult} for the one stream.
     */
    @Override
    public IngestResult ingestTraces(String stream, byte[] otlpJson, int spans) {
        String path = "/api/" + seg(org()) + "/v1/traces";
        Response response = exchange("ingest_traces", "POST", path, otlpJson, Map.of(TRACE_STREAM_HEADER, stream));
        JsonNode root = response.requireSuccess("ingest_traces");
        JsonNode partial = root.path("partialSuccess");
        long rejected = Math.min(spans, partial.path("rejectedSpans").asLong(0));
        String error = partial.path("errorMessage").isString() && rejected > 0
                ? partial.path("errorMessage").asString()
                : null;
        IngestResult result = new IngestResult(
                response.status(), List.of(new IngestResult.StreamStatus(stream, spans - rejected, rejected, error)));
        shared.metrics().records("ingest_traces", result.successful(), result.failed());
        return result;
    }

    private IngestResult ingestion(String operation, String path, byte[] body) {
        Response response = exchange(operation, "POST", path, body);
        JsonNode root = response.requireSuccess(operation);
        List<IngestResult.StreamStatus> streams = new ArrayList<>();
        for (JsonNode s : root.path("status")) {
            String error = s.path("error").isString() ? s.path("error").asString() : null;
            streams.add(new IngestResult.StreamStatus(
                    s.path("name").asString(""),
                    s.path("successful").asLong(),
                    s.path("failed").asLong(),
                    error));
        }
        IngestResult result = new IngestResult(root.path("code").asInt(response.status()), streams);
        shared.metrics().records(operation, result.successful(), result.failed());
        return result;
    }

    // ---------------------------------------------------------------- search

    @Override
    public SearchResult search(SearchRequest request) {
        ObjectNode query = shared.json().createObjectNode();
        query.put("sql", request.sql());
        query.put("start_time", request.startTime());
        query.put("end_time", request.endTime());
        query.put("from", request.from());
        if (request.size() != null) {
            query.put("size", request.size());
        }
        query.put("track_total_hits", request.trackTotalHits());
        ObjectNode body = shared.json().createObjectNode();
        body.set("query", query);
        String path = "/api/" + seg(org()) + "/_search?type=" + request.type().value();
        Response response = exchange("search", "POST", path, shared.json().writeValueAsBytes(body));
        JsonNode root = response.requireSuccess("search");
        List<Map<String, Object>> hits = new ArrayList<>();
        for (JsonNode hit : root.path("hits")) {
            hits.add(shared.json().convertValue(hit, MAP));
        }
        List<String> functionError = new ArrayList<>();
        JsonNode fe = root.path("function_error");
        if (fe.isArray()) {
            fe.forEach(e -> functionError.add(e.asString()));
        } else if (fe.isString() && !fe.asString().isEmpty()) {
            functionError.add(fe.asString());
        }
        JsonNode interval = root.path("histogram_interval");
        return new SearchResult(
                root.path("took").asLong(),
                hits,
                root.path("total").asLong(hits.size()),
                root.path("from").asLong(),
                root.path("size").asLong(),
                root.path("scan_size").asLong(),
                root.path("scan_records").asLong(),
                functionError,
                interval.isNumber() ? interval.asLong() : null,
                root.path("is_partial").asBoolean(false),
                root.path("trace_id").isString() ? root.path("trace_id").asString() : null);
    }

    @Override
    public List<FieldValues> values(String stream, List<String> fields, long startMicros, long endMicros, int size) {
        String path = "/api/" + seg(org()) + "/" + seg(stream) + "/_values?fields=" + query(String.join(",", fields))
                + "&start_time=" + startMicros + "&end_time=" + endMicros + "&size=" + size;
        Response response = exchange("values", "GET", path, null);
        JsonNode root = response.requireSuccess("values");
        List<FieldValues> result = new ArrayList<>();
        for (JsonNode hit : root.path("hits")) {
            List<FieldValues.ValueCount> values = new ArrayList<>();
            for (JsonNode v : hit.path("values")) {
                JsonNode key = v.path("zo_sql_key");
                values.add(new FieldValues.ValueCount(
                        key.isString() ? key.asString() : key.toString(),
                        v.path("zo_sql_num").asLong()));
            }
            result.add(new FieldValues(hit.path("field").asString(), values));
        }
        return result;
    }

    // ---------------------------------------------------------------- streams

    @Override
    public List<StreamInfo> listStreams(StreamType type) {
        String path = "/api/" + seg(org()) + "/streams?type=" + type.value();
        JsonNode root = exchange("list_streams", "GET", path, null).requireSuccess("list_streams");
        List<StreamInfo> streams = new ArrayList<>();
        for (JsonNode s : root.path("list")) {
            streams.add(streamInfo(s));
        }
        return streams;
    }

    @Override
    public Optional<StreamInfo> stream(String name, StreamType type) {
        String path = "/api/" + seg(org()) + "/streams/" + seg(name) + "/schema?type=" + type.value();
        Response response = exchange("stream_schema", "GET", path, null);
        if (response.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(streamInfo(response.requireSuccess("stream_schema")));
    }

    @Override
    public boolean deleteStream(String name, StreamType type) {
        String path = "/api/" + seg(org()) + "/streams/" + seg(name) + "?type=" + type.value();
        Response response = exchange("delete_stream", "DELETE", path, null);
        if (response.status() == 404) {
            return false;
        }
        response.requireSuccess("delete_stream");
        return true;
    }

    /** {@code PUT /api/{org}/streams/{stream}/settings?type=} with {@code {"data_retention": days}}. */
    @Override
    public boolean setDataRetention(String name, StreamType type, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative, was " + days);
        }
        String path = "/api/" + seg(org()) + "/streams/" + seg(name) + "/settings?type=" + type.value();
        byte[] body = shared.json().writeValueAsBytes(Map.of("data_retention", days));
        Response response = exchange("stream_settings", "PUT", path, body);
        if (response.status() == 404) {
            return false;
        }
        response.requireSuccess("stream_settings");
        return true;
    }

    /** Whether {@code GET /healthz} answers 200; never throws. */
    public boolean healthy() {
        try {
            return exchange("health", "GET", "/healthz", null).status() == 200;
        } catch (OpenObserveException e) {
            return false;
        }
    }

    private StreamInfo streamInfo(JsonNode s) {
        JsonNode st = s.path("stats");
        StreamInfo.Stats stats = new StreamInfo.Stats(
                st.path("created_at").asLong(),
                st.path("doc_time_min").asLong(),
                st.path("doc_time_max").asLong(),
                st.path("doc_num").asLong(),
                st.path("file_num").asLong(),
                st.path("storage_size").asDouble(),
                st.path("compressed_size").asDouble());
        List<StreamInfo.Field> schema = new ArrayList<>();
        for (JsonNode f : s.path("schema")) {
            schema.add(new StreamInfo.Field(
                    f.path("name").asString(), f.path("type").asString()));
        }
        Map<String, Object> settingsMap = s.path("settings").isObject()
                ? shared.json().convertValue(s.path("settings"), MAP)
                : new LinkedHashMap<>();
        return new StreamInfo(
                s.path("name").asString(),
                s.path("stream_type").asString(""),
                s.path("storage_type").asString(""),
                stats,
                schema,
                settingsMap);
    }

    // ---------------------------------------------------------------- transport

    /** One HTTP answer, its body already decompressed. */
    private final class Response {
        private final int status;
        private final byte[] body;

        Response(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        int status() {
            return status;
        }

        /** The parsed body of a 2xx answer; otherwise the error OpenObserve described, as an exception. */
        JsonNode requireSuccess(String operation) {
            if (status >= 200 && status < 300) {
                try {
                    return body.length == 0
                            ? shared.json().createObjectNode()
                            : shared.json().readTree(body);
                } catch (JacksonException e) {
                    shared.metrics().failure(operation, "bad_response");
                    throw new OpenObserveException(
                            status,
                            status,
                            "OpenObserve answered " + status + " with a body that is not JSON",
                            null,
                            null);
                }
            }
            shared.metrics().failure(operation, Integer.toString(status));
            throw error();
        }

        private OpenObserveException error() {
            String text = new String(body, StandardCharsets.UTF_8);
            try {
                JsonNode node = shared.json().readTree(body);
                if (node != null && node.isObject()) {
                    int code = node.path("code").asInt(status);
                    String message = node.path("message").asString(text);
                    String detail = node.path("error_detail").isString()
                            ? node.path("error_detail").asString()
                            : null;
                    String trace = node.path("trace_id").isString()
                            ? node.path("trace_id").asString()
                            : null;
                    return new OpenObserveException(status, code, message, detail, trace);
                }
            } catch (JacksonException notJson) {
                // plain-text error bodies, e.g. "Unauthorized Access"
            }
            return new OpenObserveException(status, status, text.isEmpty() ? "HTTP " + status : text, null, null);
        }
    }

    private Response exchange(String operation, String method, String path, byte[] body) {
        return exchange(operation, method, path, body, Map.of());
    }

    private Response exchange(
            String operation, String method, String path, byte[] body, Map<String, String> extraHeaders) {
        byte[] wire = body;
        boolean gzip = false;
        if (body != null && settings.gzipMinBytes() >= 0 && body.length >= settings.gzipMinBytes()) {
            wire = gzip(body);
            gzip = true;
        }
        HttpRequest request = request(method, path, wire, gzip, extraHeaders);
        RetryPolicy retry = settings.retry();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            boolean acquired = false;
            try {
                acquired = shared.permits().tryAcquire(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (!acquired) {
                    shared.metrics().failure(operation, "pool_exhausted");
                    throw new OpenObserveException(
                            "no connection to OpenObserve became free within " + settings.requestTimeout(), null);
                }
                if (wire != null) {
                    shared.metrics().requestBytes(operation, wire.length);
                }
                HttpResponse<byte[]> response = shared.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
                shared.metrics().attempt(operation, response.statusCode(), since(started));
                byte[] responseBody = response.body() == null ? new byte[0] : response.body();
                shared.metrics().responseBytes(operation, responseBody.length);
                if ("gzip"
                        .equalsIgnoreCase(response.headers()
                                .firstValue("Content-Encoding")
                                .orElse(""))) {
                    responseBody = gunzip(responseBody);
                }
                if (RetryPolicy.retryableStatus(response.statusCode()) && attempt < retry.maxAttempts()) {
                    shared.metrics().retry(operation);
                    pause(retry.backoff(attempt, retryAfter(response)));
                    continue;
                }
                return new Response(response.statusCode(), responseBody);
            } catch (HttpConnectTimeoutException e) {
                shared.metrics().attempt(operation, 0, since(started));
                if (attempt < retry.maxAttempts()) {
                    shared.metrics().retry(operation);
                    pause(retry.backoff(attempt, null));
                    continue;
                }
                shared.metrics().failure(operation, "connect_timeout");
                throw new OpenObserveException("could not connect to " + settings.baseUrl() + ": " + e, e);
            } catch (HttpTimeoutException e) {
                shared.metrics().attempt(operation, 0, since(started));
                shared.metrics().failure(operation, "timeout");
                throw new OpenObserveException(
                        method + " " + pathOnly(path) + " got no answer within " + settings.requestTimeout(), e);
            } catch (IOException e) {
                shared.metrics().attempt(operation, 0, since(started));
                if (attempt < retry.maxAttempts()) {
                    shared.metrics().retry(operation);
                    pause(retry.backoff(attempt, null));
                    continue;
                }
                shared.metrics().failure(operation, "io_error");
                throw new OpenObserveException(
                        method + " " + pathOnly(path) + " to " + settings.baseUrl() + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpenObserveException("interrupted while calling OpenObserve", e);
            } finally {
                if (acquired) {
                    shared.permits().release();
                }
            }
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private HttpRequest request(
            String method, String path, byte[] body, boolean gzip, Map<String, String> extraHeaders) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip");
        headers.forEach(builder::header);
        extraHeaders.forEach(builder::header);
        String authorization = settings.credentials().authorizationHeader();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json");
            if (gzip) {
                builder.header("Content-Encoding", "gzip");
            }
            builder.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return builder.build();
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .flatMap(value -> {
                    try {
                        return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .orElse(null);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenObserveException("interrupted while waiting to retry", e);
        }
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new OpenObserveException("OpenObserve sent a gzip body that does not decompress", e);
        }
    }

    private static String seg(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** Nothing to release: the JDK client closes idle connections itself. Present for try-with-resources. */
    @Override
    public void close() {
        // connections are closed by the HTTP client when idle
    }

    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "OpenObserveClient[", "]");
        joiner.add("url=" + settings.baseUrl())
                .add("org=" + settings.org())
                .add("credentials=" + settings.credentials());
        return joiner.toString();
    }
}
