package io.shopwatch.simulator;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the simulated spans to ShopWatch's OTLP/HTTP receiver ({@code POST {url}/v1/traces}, protobuf, the encoding
 * OTLP exporters use by default), with the same {@code X-API-Key} and {@code X-ShopWatch-Org} as the events. Spans are
 * queued (bounded: a full queue drops and counts) and sent in requests of at most {@code batchSize} spans, grouped per
 * service (one {@code ResourceSpans} with its {@code service.name}); a 429, a 5xx or an I/O error is retried up to
 * three times with a growing pause, then the request's spans count as failed. A partial success (some spans rejected)
 * counts those as rejected.
 */
final class OtlpTraceExporter implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.of();
    private static final int ATTEMPTS = 4;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final Map<String, String> headers;
    private final int batchSize;
    private final BlockingQueue<StepSpans.Span> queue;
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;

    /** What became of the spans. */
    record Stats(long sent, long rejected, long failed, long dropped) {}

    OtlpTraceExporter(String baseUrl, String apiKey, String org, int batchSize, int queueCapacity) {
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/traces");
        Map<String, String> h = new LinkedHashMap<>();
        if (apiKey != null && !apiKey.isBlank()) {
            h.put("X-API-Key", apiKey);
        }
        if (org != null && !org.isBlank()) {
            h.put("X-ShopWatch-Org", org);
        }
        this.headers = Map.copyOf(h);
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.sender = new Thread(this::sendLoop, "otlp-traces");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Queues the spans; a span that does not fit is dropped and counted. */
    void export(List<StepSpans.Span> spans) {
        for (StepSpans.Span span : spans) {
            if (!queue.offer(span)) {
                dropped.incrementAndGet();
            }
        }
    }

    Stats stats() {
        return new Stats(sent.get(), rejected.get(), failed.get(), dropped.get());
    }

    /** Sends what is queued and stops, waiting at most {@code timeout}. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    void close(Duration timeout) {
        closing = true;
        try {
            sender.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failed.addAndGet(queue.size());
        queue.clear();
    }

    private void sendLoop() {
        List<StepSpans.Span> batch = new ArrayList<>(batchSize);
        while (true) {
            try {
                StepSpans.Span first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                send(batch);
                batch.clear();
            } catch (InterruptedException e) {
                failed.addAndGet(batch.size());
                return;
            }
        }
    }

    private void send(List<StepSpans.Span> batch) throws InterruptedException {
        byte[] body = encode(batch).toByteArray();
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 200) {
                    long refused = rejectedSpans(response.body());
                    rejected.addAndGet(refused);
                    sent.addAndGet(batch.size() - refused);
                    return;
                }
                if (status != 429 && status < 500) {
                    break; // refused for good (401, 403, 400, 413): sending again changes nothing
                }
            } catch (IOException e) {
                // the receiver is not reachable: try again
            }
            if (attempt < ATTEMPTS) {
                Thread.sleep(200L << attempt);
            }
        }
        failed.addAndGet(batch.size());
    }

    private static long rejectedSpans(byte[] body) {
        try {
            return ExportTraceServiceResponse.parseFrom(body)
                    .getPartialSuccess()
                    .getRejectedSpans();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The spans as one export request: one {@code ResourceSpans} per service. */
    static ExportTraceServiceRequest encode(List<StepSpans.Span> spans) {
        Map<String, List<Span>> byService = new LinkedHashMap<>();
        for (StepSpans.Span s : spans) {
            Span.Builder span = Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(HEX.parseHex(s.traceId())))
                    .setSpanId(ByteString.copyFrom(HEX.parseHex(s.spanId())))
                    .setName(s.name())
                    .setKind(Span.SpanKind.forNumber(s.kind()))
                    .setStartTimeUnixNano(s.startNanos())
                    .setEndTimeUnixNano(s.endNanos())
                    .setStatus(
                            s.error()
                                    ? Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                                    : Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_UNSET));
            if (!s.parentSpanId().isEmpty()) {
                span.setParentSpanId(ByteString.copyFrom(HEX.parseHex(s.parentSpanId())));
            }
            s.attributes().forEach((key, value) -> span.addAttributes(attribute(key, value)));
            byService.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(span.build());
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        byService.forEach((service, list) -> request.addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder()
                        .addAttributes(attribute("service.name", service))
                        .addAttributes(attribute("deployment.environment", "simulation")))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("storefront-simulator"))
                        .addAllSpans(list))));
        return request.build();
    }

    private static KeyValue attribute(String key, Object value) {
        AnyValue.Builder any = AnyValue.newBuilder();
        if (value instanceof Integer || value instanceof Long) {
            any.setIntValue(((Number) value).longValue());
        } else {
            any.setStringValue(String.valueOf(value));
        }
        return KeyValue.newBuilder().setKey(key).setValue(any).build();
    }
}
