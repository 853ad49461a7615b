package io.shopwatch.tracing.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import io.shopwatch.tracing.TracingServiceApplication;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Spans per second tracing-service accepts over OTLP/HTTP (protobuf, 100 spans a request, each request answered after
 * Kafka acknowledged its spans), against the raw Kafka producer in the same run: the same broker, the service's own
 * producer settings, the very records the service wrote (read back from {@code shopwatch.spans.raw}), 100 records then
 * one wait for their acknowledgements, from as many threads. Not a test: run it by hand (see docs/tracing.md).
 *
 * <p>Arguments: {@code [threads=4] [warmupSeconds=10] [measureSeconds=20]}.
 */
public final class OtlpIngestBench {

    private static final Logger log = LoggerFactory.getLogger(OtlpIngestBench.class);
    private static final int SPANS_PER_REQUEST = 100;
    private static final int BODIES = 64;
    private static final String ORG = "bench";

    private OtlpIngestBench() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        Duration warmup = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        Duration measure = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 20);

        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2, Topics.SPANS_RAW);
        broker.afterPropertiesSet();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TracingServiceApplication.class)
                // command-line arguments: above the service's application.yml
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--shopwatch.security.jwks-url=" + TestTokens.shared().jwksUrl(),
                        "--shopwatch.tracing.red.write-interval=0s",
                        "--logging.structured.format.console=",
                        "--logging.level.root=WARN",
                        "--logging.level.io.shopwatch.tracing.bench=INFO");
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            String token = TestTokens.shared().token(ORG, Role.INGEST);
            double loadBefore = load();

            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < BODIES; i++) {
                bodies.add(request().toByteArray());
            }
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + port + "/v1/traces");
            Phase service = () -> {
                byte[] body = bodies.get(ThreadLocalRandom.current().nextInt(BODIES));
                HttpResponse<byte[]> response = http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/x-protobuf")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200 || response.body().length > 0) {
                    throw new IllegalStateException("answer " + response.statusCode());
                }
                return SPANS_PER_REQUEST;
            };
            double serviceRate = run("tracing-service OTLP/HTTP", service, threads, warmup, measure);

            List<ConsumerRecord<String, byte[]>> written = readBack(broker.getBrokersAsString(), 10_000);
            if (written.size() <= SPANS_PER_REQUEST || serviceRate == 0) {
                throw new IllegalStateException("the service wrote no spans to Kafka; nothing to compare");
            }
            long bytes = written.stream().mapToLong(r -> r.value().length).sum();
            @SuppressWarnings("unchecked")
            Map<String, Object> config =
                    new HashMap<>(((ProducerFactory<String, byte[]>) app.getBean(ProducerFactory.class))
                            .getConfigurationProperties());
            config.put("client.id", "bench-raw");
            double rawRate;
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
                Phase raw = () -> {
                    int from = ThreadLocalRandom.current().nextInt(written.size() - SPANS_PER_REQUEST);
                    CompletableFuture<?>[] acks = new CompletableFuture<?>[SPANS_PER_REQUEST];
                    for (int i = 0; i < SPANS_PER_REQUEST; i++) {
                        ConsumerRecord<String, byte[]> r = written.get(from + i);
                        CompletableFuture<Object> ack = new CompletableFuture<>();
                        producer.send(new ProducerRecord<>(Topics.SPANS_RAW, r.key(), r.value()), (m, e) -> {
                            if (e == null) {
                                ack.complete(m);
                            } else {
                                ack.completeExceptionally(e);
                            }
                        });
                        acks[i] = ack;
                    }
                    CompletableFuture.allOf(acks).get(30, TimeUnit.SECONDS);
                    return SPANS_PER_REQUEST;
                };
                rawRate = run("raw Kafka producer", raw, threads, warmup, measure);
            }
            log.info(String.format(
                    Locale.ROOT,
                    "RESULT threads=%d request=%d spans (%d bytes protobuf), envelope %d bytes on average:"
                            + " tracing-service %.0f spans/s, raw producer %.0f records/s, ratio %.2f;"
                            + " load average %.2f before, %.2f after, %d cores",
                    threads,
                    SPANS_PER_REQUEST,
                    bodies.get(0).length,
                    bytes / Math.max(1, written.size()),
                    serviceRate,
                    rawRate,
                    serviceRate / rawRate,
                    loadBefore,
                    load(),
                    Runtime.getRuntime().availableProcessors()));
        } finally {
            app.close();
            broker.destroy();
        }
        // the test kit's JWK server runs on a non-daemon thread for the JVM's life
        System.exit(0);
    }

    /** One unit of work; answers the spans it got accepted. */
    @FunctionalInterface
    interface Phase {
        int call() throws Exception;
    }

    private static double run(String name, Phase phase, int threads, Duration warmup, Duration measure)
            throws InterruptedException {
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong spans = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        int n = phase.call();
                        if (counting.get()) {
                            spans.addAndGet(n);
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        Thread.sleep(warmup.toMillis());
        counting.set(true);
        long started = System.nanoTime();
        Thread.sleep(measure.toMillis());
        counting.set(false);
        double seconds = (System.nanoTime() - started) / 1e9;
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        double rate = spans.get() / seconds;
        log.info(String.format(
                Locale.ROOT, "%s: %.0f spans/s over %.1f s (%d failed calls)", name, rate, seconds, failures.get()));
        return rate;
    }

    /** 100 spans of one trace in three services, about the size of an instrumented web request's spans. */
    private static ExportTraceServiceRequest request() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] traceId = new byte[16];
        random.nextBytes(traceId);
        long start = System.currentTimeMillis() * 1_000_000L;
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        String[] services = {"checkout", "cart", "payment"};
        for (int s = 0; s < services.length; s++) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            int count = s == 0 ? SPANS_PER_REQUEST - 2 * (SPANS_PER_REQUEST / 3) : SPANS_PER_REQUEST / 3;
            for (int i = 0; i < count; i++) {
                byte[] spanId = new byte[8];
                random.nextBytes(spanId);
                byte[] parentId = new byte[8];
                random.nextBytes(parentId);
                Span.Builder span = Span.newBuilder()
                        .setTraceId(ByteString.copyFrom(traceId))
                        .setSpanId(ByteString.copyFrom(spanId))
                        .setParentSpanId(ByteString.copyFrom(parentId))
                        .setName(i % 2 == 0 ? "GET /api/cart/{id}" : "SELECT shop.cart_items")
                        .setKind(i % 2 == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStartTimeUnixNano(start + i * 1_000_000L)
                        .setEndTimeUnixNano(start + i * 1_000_000L + random.nextLong(100_000, 50_000_000))
                        .addAttributes(attribute("http.request.method", "GET"))
                        .addAttributes(attribute("http.route", "/api/cart/{id}"))
                        .addAttributes(attribute("url.full", "http://cart:8080/api/cart/" + UUID.randomUUID()))
                        .addAttributes(attribute("db.system", "postgresql"))
                        .addAttributes(attribute("server.address", services[s] + "-db.shop.svc"));
                if (i % 20 == 0) {
                    span.setStatus(Status.newBuilder()
                            .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                            .setMessage("timeout"));
                }
                scope.addSpans(span);
            }
            request.addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder()
                            .addAttributes(attribute("service.name", services[s]))
                            .addAttributes(attribute("k8s.pod.name", services[s] + "-7d9f8c6b5-x2k4q"))
                            .addAttributes(attribute("telemetry.sdk.language", "java")))
                    .addScopeSpans(scope));
        }
        return request.build();
    }

    private static KeyValue.Builder attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value));
    }

    /** Records the service wrote, read back with their keys. */
    private static List<ConsumerRecord<String, byte[]>> readBack(String bootstrap, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SPANS_RAW));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    found.add(r);
                }
            }
        }
        return found;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
