package io.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveException;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.SearchResult;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.common.sampling.PublishedRates;
import io.shopwatch.common.sampling.SamplingRules;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.tracing.PlatformTraceExportProperties;
import io.shopwatch.pipeline.flow.KafkaOutlet;
import io.shopwatch.pipeline.selfmetrics.SelfMetricsWriter;
import io.shopwatch.store.EmbeddedStoreServer;
import io.shopwatch.testkit.KafkaTestSupport;
import io.shopwatch.testkit.RecordingSpanExporter;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline against a real broker and the real embedded store: records posted to the raw topics end up
 * searchable, once, masked; rejects reach the dead-letter topic with their reason; a store outage delays records but
 * loses none; a sampling rate published on {@code shopwatch.sampling} is applied to its stream alone.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopwatch.security.enabled=true",
            "spring.kafka.consumer.fetch-max-wait=50ms",
            "spring.kafka.consumer.fetch-min-size=1",
            "shopwatch.pipeline.retry-initial-interval=100ms",
            "shopwatch.pipeline.retry-max-interval=1s",
            "shopwatch.openobserve.max-attempts=1",
            "shopwatch.openobserve.request-timeout=5s",
            "shopwatch.pipeline.streams.orders.required-fields=properties_order_id",
            "shopwatch.pipeline.streams.orders.schema=classpath:schemas/test-orders.json",
            "shopwatch.pipeline.self-metrics.interval=0",
            "shopwatch.pipeline.geoip-csv=classpath:geoip/simulator-demo-country.csv",
            "management.opentelemetry.tracing.export.schedule-delay=100ms",
            "management.tracing.sampling.probability=1.0"
        })
@EmbeddedKafka(
        partitions = 1,
        topics = {
            Topics.LOGS_RAW,
            Topics.EVENTS_RAW,
            Topics.METRICS_RAW,
            Topics.SPANS_RAW,
            "shopwatch.logs.raw.dlq",
            "shopwatch.events.raw.dlq",
            Topics.STORED,
            Topics.SAMPLING
        },
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class PipelineEndToEndTest {

    private static final String USER = "pipeline@example.com";
    private static final String PASSWORD = "pipeline-secret";
    private static final Path DATA = tempDir();
    /** The spans the pipeline and the store export. */
    private static final RecordingSpanExporter PIPELINE_SPANS = new RecordingSpanExporter();

    private static final RecordingSpanExporter STORE_SPANS = new RecordingSpanExporter();
    private static EmbeddedStoreServer store = startStore(0);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void storeProperties(DynamicPropertyRegistry registry) {
        registry.add("shopwatch.openobserve.url", store::url);
        registry.add("shopwatch.openobserve.user", () -> USER);
        registry.add("shopwatch.openobserve.password", () -> PASSWORD);
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    private int status(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void api_isPlatformWide_statsForAdmins_deadLettersForPlatformAdminsOnly() throws Exception {
        TestTokens tokens = TestTokens.shared();
        String viewer = tokens.token("shop-a", Role.VIEWER);
        String operator = tokens.token("shop-a", Role.OPERATOR);
        String admin = tokens.token("shop-a", Role.ADMIN);
        String ingest = tokens.token("shop-a", Role.INGEST);
        String platform =
                tokens.builder("root", "default", Role.ADMIN).platformAdmin().sign();
        String dlq = "/api/v1/pipeline/dlq?topic=" + Topics.LOGS_RAW + ".dlq";
        String replay = "/api/v1/pipeline/dlq/replay?topic=" + Topics.LOGS_RAW + ".dlq&limit=1";

        assertThat(status("GET", "/api/v1/pipeline/stats", null)).isEqualTo(401);
        assertThat(status("GET", "/api/v1/pipeline/stats", viewer)).isEqualTo(403);
        assertThat(status("GET", "/api/v1/pipeline/stats", operator)).isEqualTo(403);
        assertThat(status("GET", "/api/v1/pipeline/stats", ingest)).isEqualTo(403);
        assertThat(status("GET", "/api/v1/pipeline/stats", admin)).isEqualTo(200);
        assertThat(status("GET", "/api/v1/pipeline/stats", platform)).isEqualTo(200);
        assertThat(status("GET", dlq, admin)).isEqualTo(403);
        assertThat(status("POST", replay, admin)).isEqualTo(403);
        assertThat(status("GET", dlq, platform)).isEqualTo(200);
        assertThat(status("POST", replay, operator)).isEqualTo(403);
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @Autowired
    KafkaTemplate<String, byte[]> template;

    @Autowired
    OpenObserveClient client;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    /**
     * The embedded store runs in this JVM, where Spring Security is on the classpath for the pipeline's own API; the
     * store checks its Basic credentials itself, so common's token checks are switched off for it alone (a system
     * property outranks the store's defaults and is gone before the pipeline's context starts).
     */
    private static synchronized EmbeddedStoreServer startStore(int port) {
        System.setProperty("shopwatch.security.enabled", "false");
        System.setProperty("management.opentelemetry.tracing.export.schedule-delay", "100ms");
        try {
            return EmbeddedStoreServer.start(DATA, USER, PASSWORD, port, Map.of("recordingSpanExporter", STORE_SPANS));
        } finally {
            System.clearProperty("shopwatch.security.enabled");
            System.clearProperty("management.opentelemetry.tracing.export.schedule-delay");
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("pipeline-e2e-store");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(String topic, Envelope envelope) {
        byte[] value = new EnvelopeSerde().serializer().serialize(topic, envelope);
        template.send(topic, envelope.id(), value).join();
    }

    private static Envelope log(String id, String stream, String message, Instant at) {
        return new Envelope(
                id,
                "default",
                stream,
                TelemetryType.LOG,
                at,
                JSON.readTree(
                        "{\"level\":\"error\",\"service\":\"checkout\",\"message\":" + JSON.writeValueAsString(message)
                                + ",\"attributes\":{\"user_agent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
                                + " (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36\","
                                + "\"client_ip\":\"198.51.100.23\"}}"));
    }

    private long count(String stream) {
        try {
            Instant now = Instant.now();
            SearchResult result = client.search(SearchRequest.sql("SELECT count(*) AS n FROM \"" + stream + "\"")
                    .range(now.minus(Duration.ofHours(6)), now.plus(Duration.ofHours(1)))
                    .build());
            return result.singleLong("n");
        } catch (RuntimeException e) {
            return -1; // the stream does not exist yet
        }
    }

    private List<Map<String, Object>> rows(String stream) {
        Instant now = Instant.now();
        return client.search(SearchRequest.sql("SELECT * FROM \"" + stream + "\" ORDER BY id")
                        .range(now.minus(Duration.ofHours(6)), now.plus(Duration.ofHours(1)))
                        .build())
                .hits();
    }

    @Test
    void records_areStoredOnceMaskedEnrichedAndRejectsAreDeadLettered() {
        String stream = "e2e_" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(Topics.LOGS_RAW, log("a", stream, "card 4111111111111111 declined for a@b.com", now));
        send(Topics.LOGS_RAW, log("a", stream, "same id again", now));
        send(Topics.LOGS_RAW, log("b", stream, "second", now));
        send(Topics.LOGS_RAW, log("old", stream, "too old", now.minus(Duration.ofHours(7))));
        template.send(Topics.LOGS_RAW, "junk", "{not an envelope".getBytes(StandardCharsets.UTF_8))
                .join();

        await().atMost(Duration.ofSeconds(60)).until(() -> count(stream) == 2);
        List<Map<String, Object>> rows = rows(stream);
        assertThat(rows).extracting(r -> r.get("id")).containsExactly("a", "b");
        assertThat(rows.get(0))
                .containsEntry("message", "card 411111******1111 declined for a@b.com")
                .containsEntry("level", "ERROR")
                .containsEntry("ua_browser", "Chrome")
                // a storefront simulator address, located by the demo CSV the local stack configures
                .containsEntry("geo_country", "FR");

        List<ConsumerRecord<String, byte[]>> dead =
                KafkaTestSupport.read(bootstrap, "shopwatch.logs.raw.dlq", 2, Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> header(r, KafkaOutlet.STAGE_HEADER)).contains("timestamp_sanity", "decode");
        assertThat(dead)
                .extracting(r -> header(r, KafkaOutlet.SOURCE_TOPIC_HEADER))
                .containsOnly(Topics.LOGS_RAW);

        List<ConsumerRecord<String, byte[]>> stored =
                KafkaTestSupport.read(bootstrap, Topics.STORED, 100, Duration.ofSeconds(5));
        assertThat(stored.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)))
                .anySatisfy(v ->
                        assertThat(v).contains("\"stream\":\"" + stream + "\"").contains("411111******1111"));
    }

    @Autowired
    SelfMetricsWriter selfMetrics;

    private List<Map<String, Object>> metricRows(String org, String metric) {
        Instant now = Instant.now();
        try {
            return client.forOrg(org)
                    .search(SearchRequest.sql("SELECT * FROM \"" + metric + "\" ORDER BY _timestamp DESC")
                            .range(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))
                            .type(StreamType.METRICS)
                            .build())
                    .hits();
        } catch (OpenObserveException e) {
            return List.of(); // the stream does not exist yet
        }
    }

    @Test
    void aDeadLetteredRecord_movesTheOrgsDeadLetterFigure_storedAsAMetricThroughThePipeline() {
        String org = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(
                Topics.LOGS_RAW,
                new Envelope(
                        "fresh",
                        org,
                        "logs",
                        TelemetryType.LOG,
                        now,
                        JSON.readTree("{\"level\":\"info\",\"service\":\"cart\",\"message\":\"m\"}")));
        send(
                Topics.LOGS_RAW,
                new Envelope(
                        "stale",
                        org,
                        "logs",
                        TelemetryType.LOG,
                        now.minus(Duration.ofHours(7)),
                        JSON.readTree("{\"level\":\"info\",\"service\":\"cart\",\"message\":\"m\"}")));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            selfMetrics.write();
            assertThat(metricRows(org, SelfMetricsWriter.DEAD_LETTERED)).anySatisfy(row -> assertThat(row)
                    .containsEntry("stage", "timestamp_sanity")
                    .containsEntry("__name__", SelfMetricsWriter.DEAD_LETTERED)
                    .extractingByKey("value")
                    .isEqualTo(1.0));
            assertThat(metricRows(org, SelfMetricsWriter.STORED))
                    .anySatisfy(row -> assertThat(row).containsEntry("stream", "logs"));
            // written in the same round as the figures above, but stored through the pipeline on its own
            assertThat(metricRows("default", SelfMetricsWriter.LAG))
                    .as("the consumer lag of the raw topics, read from Kafka, in the platform org")
                    .anySatisfy(row -> assertThat(row)
                            .containsEntry("topic", Topics.LOGS_RAW)
                            .containsEntry("group", "shopwatch-pipeline"));
        });
    }

    @Test
    void anOrgWithoutDeadLetters_hasItsDeadLetterFigure_atZero_storedAsAMetricThroughThePipeline() {
        String org = "calm-" + UUID.randomUUID().toString().substring(0, 8);
        send(
                Topics.LOGS_RAW,
                new Envelope(
                        "fresh",
                        org,
                        "logs",
                        TelemetryType.LOG,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS),
                        JSON.readTree("{\"level\":\"info\",\"service\":\"cart\",\"message\":\"m\"}")));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            selfMetrics.write();
            List<Map<String, Object>> rows = metricRows(org, SelfMetricsWriter.DEAD_LETTERED);
            for (String stage : List.of("timestamp_sanity", "store")) {
                assertThat(rows)
                        .as("a zero series for stage %s, so that increase() answers 0", stage)
                        .anySatisfy(row -> assertThat(row)
                                .containsEntry("stage", stage)
                                .extractingByKey("value")
                                .isEqualTo(0.0));
            }
        });
    }

    @Test
    void events_failingTheStreamSchema_areRejectedWithTheSchemaReason() {
        Instant now = Instant.now();
        String ok =
                "{\"type\":\"order_placed\",\"session_id\":\"s1\",\"properties\":{\"order_id\":\"o-1\",\"amount\":12.5}}";
        String bad =
                "{\"type\":\"order_placed\",\"session_id\":\"s1\",\"properties\":{\"order_id\":\"o-2\",\"amount\":\"x\"}}";
        String id = UUID.randomUUID().toString();
        send(
                Topics.EVENTS_RAW,
                new Envelope(id + "-ok", "default", "orders", TelemetryType.EVENT, now, JSON.readTree(ok)));
        send(
                Topics.EVENTS_RAW,
                new Envelope(id + "-bad", "default", "orders", TelemetryType.EVENT, now, JSON.readTree(bad)));

        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptionsInstanceOf(OpenObserveException.class) // the stream does not exist yet
                .until(() -> rows("orders").stream().anyMatch(r -> (id + "-ok").equals(r.get("id"))));
        assertThat(rows("orders").stream()
                        .filter(r -> (id + "-ok").equals(r.get("id")))
                        .findFirst()
                        .orElseThrow())
                .containsEntry("amount_band", "<50");
        List<ConsumerRecord<String, byte[]>> dead =
                KafkaTestSupport.read(bootstrap, "shopwatch.events.raw.dlq", 1, Duration.ofSeconds(30));
        assertThat(dead).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo(id + "-bad");
            assertThat(header(r, KafkaOutlet.STAGE_HEADER)).isEqualTo("json_schema");
            assertThat(header(r, KafkaOutlet.REASON_HEADER)).contains("amount");
        });
    }

    @Test
    void storeOutage_recordsWaitAndAreStoredOnceWhenItReturns() {
        String stream = "outage_" + UUID.randomUUID().toString().substring(0, 8);
        int port = store.port();
        store.close();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = stream + "-" + i;
            ids.add(id);
            send(Topics.LOGS_RAW, log(id, stream, "during outage " + i, Instant.now()));
        }
        store = startStore(port);

        await().atMost(Duration.ofSeconds(90)).until(() -> count(stream) == ids.size());
        assertThat(rows(stream)).extracting(r -> r.get("id")).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Autowired
    PublishedRates publishedRates;

    @Autowired
    MeterRegistry meterRegistry;

    private void publishRate(String stream, double rate, String target) {
        String value = "{\"org\":\"default\",\"stream\":\"" + stream + "\",\"rate\":" + rate
                + ",\"neverSampled\":false,\"storedPerSecond\":900.0,\"exemptPerSecond\":0.0,"
                + "\"estimatedIncomingPerSecond\":900.0,\"targetPerSecond\":" + target
                + ",\"limitedBy\":\"stream records/s\",\"at\":\"2026-12-06T12:00:00Z\"}";
        template.send(Topics.SAMPLING, "default/" + stream, value.getBytes(StandardCharsets.UTF_8))
                .join();
    }

    private void sampledLog(String stream, String id, String level) {
        send(
                Topics.LOGS_RAW,
                new Envelope(
                        id,
                        "default",
                        stream,
                        TelemetryType.LOG,
                        Instant.now(),
                        JSON.readTree("{\"level\":\"" + level + "\",\"service\":\"web\",\"message\":\"m\"}")));
    }

    private List<Map<String, Object>> allRows(String stream) {
        Instant now = Instant.now();
        try {
            return client.search(SearchRequest.sql("SELECT * FROM \"" + stream + "\"")
                            .range(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))
                            .size(10_000)
                            .build())
                    .hits();
        } catch (RuntimeException e) {
            return List.of(); // the stream does not exist yet
        }
    }

    /**
     * A rate published as performance-service publishes it: the over-budget stream is sampled at that rate (exactly
     * the records whose id falls below it), errors are all kept, kept records carry {@code _sample_rate}, the dropped
     * ones are counted, and a stream no budget covers is stored whole.
     */
    @Test
    void publishedRate_samplesItsStreamOnly_keepsErrors_stampsTheRate_andCountsTheDropped() {
        String sampled = "sampled_" + UUID.randomUUID().toString().substring(0, 8);
        String uncovered = "uncovered_" + UUID.randomUUID().toString().substring(0, 8);
        publishRate(sampled, 0.3, "270.0");
        publishRate(uncovered, 0.3, "null"); // no budget covers it: it must stay whole
        await().atMost(Duration.ofSeconds(30)).until(() -> publishedRates.rate("default", sampled) == 0.3);

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String id = sampled + "-info-" + i;
            sampledLog(sampled, id, "INFO");
            if (SamplingRules.keeps(id, 0.3)) {
                expected.add(id);
            }
        }
        for (int i = 0; i < 10; i++) {
            sampledLog(sampled, sampled + "-error-" + i, "ERROR");
            expected.add(sampled + "-error-" + i);
            sampledLog(uncovered, uncovered + "-" + i, "INFO");
        }

        // one partition: once the last stream is stored, the sampled one was processed before it
        await().atMost(Duration.ofSeconds(60)).until(() -> allRows(uncovered).size() == 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> allRows(sampled).size() == expected.size());
        List<Map<String, Object>> stored = allRows(sampled);
        assertThat(stored.stream().map(r -> (String) r.get("id")).collect(Collectors.toSet()))
                .isEqualTo(expected);
        assertThat(expected.size() - 10).isBetween(60, 120); // about 30 % of 300
        assertThat(stored)
                .filteredOn(r -> ((String) r.get("id")).contains("-info-"))
                .allSatisfy(r -> assertThat(((Number) r.get("_sample_rate")).doubleValue())
                        .isEqualTo(0.3));
        assertThat(stored)
                .filteredOn(r -> ((String) r.get("id")).contains("-error-"))
                .allSatisfy(r -> assertThat(r.get("_sample_rate")).isNull());
        assertThat(allRows(uncovered))
                .allSatisfy(r -> assertThat(r.get("_sample_rate")).isNull());

        Counter dropped = meterRegistry
                .find("shopwatch.pipeline.records.sampled_out")
                .tags("org", "default", "stream", sampled, "reason", "over_budget")
                .counter();
        assertThat(dropped).isNotNull();
        assertThat(dropped.count()).isEqualTo(310 - expected.size());
        assertThat(meterRegistry
                        .find("shopwatch.pipeline.records.sampled_out")
                        .tags("stream", uncovered)
                        .counter())
                .isNull();
    }

    /** The pipeline's spans go to a recording exporter (Boot's OpenTelemetry set-up takes every exporter bean). */
    @TestConfiguration(proxyBeanMethods = false)
    static class RecordedSpans {
        @Bean
        SpanExporter recordingSpanExporter() {
            return PIPELINE_SPANS;
        }
    }

    private void sendTraced(Envelope envelope, String traceparent) {
        byte[] value = new EnvelopeSerde().serializer().serialize(Topics.LOGS_RAW, envelope);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.LOGS_RAW, envelope.id(), value);
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII));
        template.send(record).join();
    }

    private static String hex(int length) {
        return (UUID.randomUUID().toString() + UUID.randomUUID())
                .replace("-", "")
                .substring(0, length);
    }

    @Autowired
    Tracer tracer;

    @Autowired
    Propagator propagator;

    /**
     * One storefront request is one trace through Kafka. The ingestion request's span (made here as logging-service's
     * request span is, and put on each record of its batch as Kafka headers the way its {@code BatchTraceContext}
     * does: the propagator's W3C {@code traceparent}) is the parent of the pipeline's {@code pipeline process} span;
     * the slice's store request runs in a {@code store write} span under that one, and the store's own span of the
     * write is a child of the write. The spans exported by the pipeline and the store form one tree under the
     * request's span, one trace id throughout. Records whose context is not sampled, and records of the platform org
     * (the platform's own spans), make no span at all.
     */
    @Test
    void aRecordsTraceContext_continuesThroughThePipeline_intoTheStoresSpan() {
        String stream = "traced_" + UUID.randomUUID().toString().substring(0, 8);
        String unsampled = hex(32);
        String platformTrace = hex(32);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        Span request = tracer.nextSpan().name("POST /api/v1/logs").start();
        Map<String, String> context = new java.util.HashMap<>();
        propagator.inject(request.context(), context, Map::put);
        String traceparent = context.get("traceparent");
        assertThat(traceparent).as("the request's span is sampled").endsWith("-01");
        String traceId = request.context().traceId();
        sendTraced(log("t1", stream, "first of the request", now), traceparent);
        sendTraced(log("t2", stream, "second of the request", now), traceparent);
        request.end();
        sendTraced(log("u1", stream, "not sampled", now), "00-" + unsampled + "-" + hex(16) + "-00");
        sendTraced(
                new Envelope(
                        "p1",
                        PlatformTraceExportProperties.DEFAULT_ORG,
                        stream,
                        TelemetryType.LOG,
                        now,
                        JSON.readTree("{\"level\":\"info\",\"service\":\"gateway\",\"message\":\"platform\"}")),
                "00-" + platformTrace + "-" + hex(16) + "-01");

        await().atMost(Duration.ofSeconds(60)).until(() -> count(stream) == 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<SpanData> pipeline = PIPELINE_SPANS.ofTrace(traceId);
            List<SpanData> processes = pipeline.stream()
                    .filter(s -> s.getName().equals("pipeline process"))
                    .toList();
            assertThat(processes).isNotEmpty().allSatisfy(p -> {
                assertThat(p.getParentSpanId()).isEqualTo(request.context().spanId());
                assertThat(p.getKind()).isEqualTo(SpanKind.CONSUMER);
            });
            Set<String> processIds = processes.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
            List<SpanData> writes = pipeline.stream()
                    .filter(s -> s.getName().equals("store write"))
                    .toList();
            assertThat(writes).isNotEmpty().allSatisfy(w -> assertThat(processIds)
                    .contains(w.getParentSpanId()));
            Set<String> writeIds = writes.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
            assertThat(STORE_SPANS.ofTrace(traceId))
                    .as("the store's span of the write, in the request's trace")
                    .anySatisfy(s -> {
                        assertThat(s.getKind()).isEqualTo(SpanKind.SERVER);
                        assertThat(writeIds).contains(s.getParentSpanId());
                    });
        });
        List<SpanData> trace = new ArrayList<>(PIPELINE_SPANS.ofTrace(traceId));
        trace.addAll(STORE_SPANS.ofTrace(traceId));
        Set<String> ids = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        assertThat(trace)
                .as("one tree under the request's span: every other span's parent is a span of the trace")
                .allSatisfy(span -> {
                    if (span.getSpanId().equals(request.context().spanId())) {
                        assertThat(span.getParentSpanContext().isValid()).isFalse();
                    } else {
                        assertThat(ids).contains(span.getParentSpanId());
                    }
                })
                .anySatisfy(span -> assertThat(span.getName()).isEqualTo("POST /api/v1/logs"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.forOrg(PlatformTraceExportProperties.DEFAULT_ORG)
                                .search(SearchRequest.sql("SELECT count(*) AS n FROM \"" + stream + "\"")
                                        .range(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))
                                        .build())
                                .singleLong("n")
                        == 1);
        assertThat(PIPELINE_SPANS.ofTrace(unsampled)).isEmpty();
        assertThat(STORE_SPANS.ofTrace(unsampled)).isEmpty();
        assertThat(PIPELINE_SPANS.ofTrace(platformTrace)).isEmpty();
        assertThat(STORE_SPANS.ofTrace(platformTrace)).isEmpty();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * A span row from tracing-service is stored in a {@code traces} stream in OpenObserve's span layout (through
     * OpenObserve's OTLP endpoint), with PII masked in its attributes and its identifiers and times untouched.
     */
    @Test
    void spans_areStoredInATracesStream_inOpenObserveSpanLayout() {
        String stream = "spans_" + UUID.randomUUID().toString().substring(0, 8);
        long startNanos = Instant.now().toEpochMilli() * 1_000_000L;
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String payload = """
                {"trace_id":"%s","span_id":"00f067aa0ba902b7","reference_parent_span_id":"00f067aa0ba902b6",
                 "reference_parent_trace_id":"%1$s","reference_ref_type":"ChildOf","span_kind":"3",
                 "span_status":"ERROR","status_code":2,"operation_name":"POST /pay","start_time":%d,"end_time":%d,
                 "duration":1500,"service_name":"checkout","service_k8s_pod_name":"checkout-1",
                 "payment_card":"4111111111111111","events":"[]","links":"[]","flags":1}
                """.formatted(traceId, startNanos, startNanos + 1_500_000);
        send(
                Topics.SPANS_RAW,
                new Envelope(
                        traceId + "00f067aa0ba902b7",
                        "default",
                        stream,
                        TelemetryType.SPAN,
                        Instant.ofEpochMilli(startNanos / 1_000_000),
                        JSON.readTree(payload)));

        Instant now = Instant.now();
        SearchRequest query = SearchRequest.sql("SELECT * FROM \"" + stream + "\"")
                .range(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))
                .type(io.shopwatch.common.openobserve.StreamType.TRACES)
                .build();
        List<Map<String, Object>> rows = await().atMost(Duration.ofSeconds(60))
                .ignoreExceptionsInstanceOf(OpenObserveException.class) // the stream does not exist yet
                .until(() -> client.search(query).hits(), hits -> !hits.isEmpty());
        assertThat(rows.get(0))
                .containsEntry("trace_id", traceId)
                .containsEntry("span_id", "00f067aa0ba902b7")
                .containsEntry("reference_parent_span_id", "00f067aa0ba902b6")
                .containsEntry("span_kind", "3")
                .containsEntry("span_status", "ERROR")
                .containsEntry("operation_name", "POST /pay")
                .containsEntry("service_name", "checkout")
                .containsEntry("service_k8s_pod_name", "checkout-1")
                .containsEntry("start_time", startNanos)
                .containsEntry("end_time", startNanos + 1_500_000)
                .containsEntry("payment_card", "411111******1111");
    }
}
