package io.shopwatch.tracing.red;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.openobserve.RetryPolicy;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import io.shopwatch.tracing.TestClock;
import io.shopwatch.tracing.TracingTestBase;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RED and service-map answers read back from the stored samples: two instances ({@code a} and {@code b}) write their
 * minutes through the real path (their {@link RedMetricsWriter} and {@link KafkaRedSink} onto
 * {@code shopwatch.metrics.raw}, then each envelope as the pipeline's OpenObserve sink stores it, into the embedded
 * store's metrics streams); a fresh {@link SpanMetrics} (memory empty, as after a restart) still answers those minutes.
 *
 * <p>The figures, worked by hand ("10:00" is a minute ten minutes ago; bounds in ms: 2, 4, 6, 8, 10, 50, 100, 200, …):
 *
 * <ul>
 *   <li>10:00, instance a: {@code checkout} {@code POST /checkout} roots of 120, 1, 3 (ERROR) and 30 ms; the 120 ms one
 *       calls {@code payment} {@code charge} (30 ms, ERROR), which queries {@code postgresql} (a 3 ms CLIENT span no
 *       service answers);
 *   <li>10:01, instance a: two roots of 1.5 ms; instance b: roots of 5, 7, 9 (ERROR) and 9 (ERROR) ms.
 * </ul>
 *
 * Over [10:00, 10:02): 10 requests (10/120 s = 0.0833/s), 3 errors (0.3); buckets ≤2: 3, (2,4]: 1, (4,6]: 1, (6,8]: 1,
 * (8,10]: 2, (10,50]: 1, (100,200]: 1. p50: rank 5 lies in (4,6] after 4: 4 + 2 × 1/1 = 6; p95: rank 9.5 in
 * (100,200] after 9: 100 + 100 × 0.5 = 150; p99: 100 + 100 × 0.9 = 190. Minute 10:00 alone: 4 requests, 1 error,
 * p50 rank 2 in (2,4] after 1: 2 + 2 × 1 = 4, p95 rank 3.8 in (100,200] after 3: 180. Edges: user → checkout the same
 * as checkout's RED; checkout → payment 1 call, 1 error, 30 ms in (10,50]: p50 10 + 40 × 0.5 = 30, p95 48, p99 49.6;
 * payment → postgresql (database) 1 call, 3 ms in (2,4]: p50 3, p95 3.9, p99 3.98.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoredRedTest extends TracingTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Offset<Double> EXACT = within(1e-9);
    /** "10:00": a recent minute, as the store (like OpenObserve) refuses samples older than some hours. */
    private static final Instant T0 =
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));

    private final String org = "red-" + UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    KafkaTemplate<String, byte[]> template;

    private TestClock clockA;
    private SpanMetrics memoryA;

    @BeforeAll
    void writeTwoInstancesMinutes() {
        clockA = new TestClock(T0);
        memoryA = new SpanMetrics(clockA, Duration.ofHours(1), Duration.ofSeconds(10), 1000);
        RedMetricsWriter writerA =
                new RedMetricsWriter(memoryA, new KafkaRedSink(template, Duration.ofSeconds(10)), "a");
        TestClock clockB = new TestClock(T0);
        SpanMetrics memoryB = new SpanMetrics(clockB, Duration.ofHours(1), Duration.ofSeconds(10), 1000);
        RedMetricsWriter writerB =
                new RedMetricsWriter(memoryB, new KafkaRedSink(template, Duration.ofSeconds(10)), "b");

        String t1 = trace();
        memoryA.observe(
                org,
                List.of(
                        span(t1, "a1", null, "checkout", "POST /checkout", 120_000, "OK", "2"),
                        span(t1, "b2", "a1", "payment", "charge", 30_000, "ERROR", "2"),
                        db(span(t1, "c3", "b2", "payment", "SELECT orders", 3_000, "OK", "3")),
                        span(trace(), "d4", null, "checkout", "POST /checkout", 1_000, "OK", "2"),
                        span(trace(), "e5", null, "checkout", "POST /checkout", 3_000, "ERROR", "2"),
                        span(trace(), "f6", null, "checkout", "POST /checkout", 30_000, "OK", "2")));
        clockA.advance(Duration.ofSeconds(30));
        int written = writerA.writeClosedMinutes(); // settles the database call into 10:00, writes nothing yet
        clockA.advance(Duration.ofSeconds(30));
        memoryA.observe(
                org,
                List.of(
                        span(trace(), "a7", null, "checkout", "POST /checkout", 1_500, "OK", "2"),
                        span(trace(), "a8", null, "checkout", "POST /checkout", 1_500, "OK", "2")));
        clockB.advance(Duration.ofMinutes(1));
        memoryB.observe(
                org,
                List.of(
                        span(trace(), "b1", null, "checkout", "POST /checkout", 5_000, "OK", "2"),
                        span(trace(), "b2", null, "checkout", "POST /checkout", 7_000, "OK", "2"),
                        span(trace(), "b3", null, "checkout", "POST /checkout", 9_000, "ERROR", "2"),
                        span(trace(), "b4", null, "checkout", "POST /checkout", 9_000, "ERROR", "2")));
        clockA.advance(Duration.ofMinutes(1));
        clockB.advance(Duration.ofMinutes(1));
        written += writerA.writeClosedMinutes() + writerB.writeClosedMinutes();

        storeAsThePipelineDoes(metricEnvelopes(org, written));
        assertThat(storedSamples("traces_span_calls")).isEqualTo(5); // checkout a ×2, b; payment ×2 (a)
    }

    @Test
    void red_ofAFreshInstance_answersTheStoredMinutesOfEveryInstance() {
        RedQuery restarted = new RedQuery(freshMemoryAt(Duration.ofMinutes(5)), stored(), "a");

        List<SpanMetrics.Series> series =
                restarted.red(org, "checkout", null, T0, T0.plusSeconds(120), Duration.ofMinutes(2));

        assertThat(series).hasSize(1);
        assertThat(series.get(0).operation()).isEqualTo("POST /checkout");
        assertThat(series.get(0).points()).hasSize(1);
        SpanMetrics.Point p = series.get(0).points().get(0);
        assertThat(p.time()).isEqualTo(T0);
        assertThat(p.requests()).isEqualTo(10);
        assertThat(p.rate()).isCloseTo(10 / 120.0, EXACT);
        assertThat(p.errors()).isEqualTo(3);
        assertThat(p.errorRate()).isCloseTo(0.3, EXACT);
        assertThat(p.p50()).isCloseTo(6.0, EXACT);
        assertThat(p.p95()).isCloseTo(150.0, EXACT);
        assertThat(p.p99()).isCloseTo(190.0, EXACT);
    }

    @Test
    void red_perMinute_keepsEachMinutesFigures() {
        RedQuery restarted = new RedQuery(freshMemoryAt(Duration.ofMinutes(60)), stored(), "c");

        List<SpanMetrics.Point> points = restarted
                .red(org, "checkout", "POST /checkout", T0, T0.plusSeconds(120), Duration.ofMinutes(1))
                .get(0)
                .points();

        assertThat(points).extracting(SpanMetrics.Point::requests).containsExactly(4L, 6L);
        assertThat(points).extracting(SpanMetrics.Point::errors).containsExactly(1L, 2L);
        assertThat(points.get(0).rate()).isCloseTo(4 / 60.0, EXACT);
        assertThat(points.get(0).p50()).isCloseTo(4.0, EXACT);
        assertThat(points.get(0).p95()).isCloseTo(180.0, EXACT);
        // 10:01: ≤2: 2, (4,6]: 1, (6,8]: 1, (8,10]: 2; p50 rank 3 in (4,6] after 2
        assertThat(points.get(1).p50()).isCloseTo(6.0, EXACT);
    }

    @Test
    void serviceMap_ofAFreshInstance_answersTheStoredEdgesWithVirtualNodes() {
        RedQuery restarted = new RedQuery(freshMemoryAt(Duration.ofMinutes(5)), stored(), "a");

        SpanMetrics.ServiceMap map = restarted.serviceMap(org, T0, T0.plusSeconds(120));

        assertThat(map.nodes())
                .containsExactly(
                        new SpanMetrics.Node("checkout", false),
                        new SpanMetrics.Node("payment", false),
                        new SpanMetrics.Node("postgresql", true),
                        new SpanMetrics.Node("user", true));
        assertThat(map.edges())
                .extracting(e -> e.client() + ">" + e.server() + "/" + e.connectionType())
                .containsExactly("checkout>payment/", "payment>postgresql/database", "user>checkout/virtual_node");
        SpanMetrics.EdgeStats payment = map.edges().get(0);
        assertThat(payment.requests()).isEqualTo(1);
        assertThat(payment.errorRate()).isCloseTo(1.0, EXACT);
        assertThat(payment.p50()).isCloseTo(30.0, EXACT);
        assertThat(payment.p95()).isCloseTo(48.0, EXACT);
        assertThat(payment.p99()).isCloseTo(49.6, EXACT);
        SpanMetrics.EdgeStats database = map.edges().get(1);
        assertThat(database.requests()).isEqualTo(1);
        assertThat(database.errors()).isZero();
        assertThat(database.p50()).isCloseTo(3.0, EXACT);
        assertThat(database.p95()).isCloseTo(3.9, EXACT);
        assertThat(database.p99()).isCloseTo(3.98, EXACT);
        SpanMetrics.EdgeStats user = map.edges().get(2);
        assertThat(user.requests()).isEqualTo(10);
        assertThat(user.rate()).isCloseTo(10 / 120.0, EXACT);
        assertThat(user.errorRate()).isCloseTo(0.3, EXACT);
        assertThat(user.p50()).isCloseTo(6.0, EXACT);
        assertThat(user.p95()).isCloseTo(150.0, EXACT);
        assertThat(user.p99()).isCloseTo(190.0, EXACT);
    }

    @Test
    void red_ofTheWritingInstance_takesItsMemoryForItsOwnMinutes_withoutCountingTheStoredOnesTwice() {
        // instance a still runs: its 10:00 and 10:01 are both in memory and stored; 10:02 is only in memory
        memoryA.observe(org, List.of(span(trace(), "a9", null, "checkout", "POST /checkout", 150_000, "ERROR", "2")));
        RedQuery running = new RedQuery(memoryA, stored(), "a");

        List<SpanMetrics.Point> points = running.red(
                        org, "checkout", null, T0, T0.plusSeconds(180), Duration.ofMinutes(1))
                .get(0)
                .points();

        assertThat(points).extracting(SpanMetrics.Point::requests).containsExactly(4L, 6L, 1L);
        assertThat(points).extracting(SpanMetrics.Point::errors).containsExactly(1L, 2L, 1L);
        assertThat(points.get(2).p50()).isCloseTo(150.0, EXACT); // rank 0.5 in (100,200]
    }

    @Test
    void redAndServiceMapApis_answerFromTheStore() throws Exception {
        String token = TestTokens.shared().token(org, Role.VIEWER);
        String range = "&start=" + T0 + "&end=" + T0.plusSeconds(120);

        JsonNode red = JSON.readTree(get("/api/v1/traces/red?service=checkout&step=2m" + range, token)
                .body());
        JsonNode point = red.path("series").get(0).path("points").get(0);
        assertThat(point.path("requests").asLong()).isEqualTo(10);
        assertThat(point.path("errors").asLong()).isEqualTo(3);
        assertThat(point.path("errorRate").asDouble()).isCloseTo(0.3, EXACT);
        assertThat(point.path("p50").asDouble()).isCloseTo(6.0, EXACT);
        assertThat(point.path("p95").asDouble()).isCloseTo(150.0, EXACT);
        assertThat(point.path("p99").asDouble()).isCloseTo(190.0, EXACT);

        JsonNode map = JSON.readTree(
                get("/api/v1/traces/service-map?" + range.substring(1), token).body());
        assertThat(map.path("nodes").size()).isEqualTo(4);
        assertThat(map.path("edges").size()).isEqualTo(3);
        JsonNode payment = map.path("edges").get(0);
        assertThat(payment.path("client").asString()).isEqualTo("checkout");
        assertThat(payment.path("server").asString()).isEqualTo("payment");
        assertThat(payment.path("connectionType").asString()).isEmpty();
        assertThat(payment.path("p95").asDouble()).isCloseTo(48.0, EXACT);
    }

    @Test
    void operations_beyondMaxSamples_isRefused_ratherThanReadWhole() {
        StoredRed small = new StoredRed(TracingTestBase::storeClient, 2, 3);

        assertThatThrownBy(() -> small.operations(org, null, null, minute(T0), minute(T0) + 2, true))
                .isInstanceOf(StoredRed.TooManySamplesException.class);
    }

    @Test
    void operations_ofAnUnreachableStore_isUnavailable_soThatTheApiAnswers503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenObserveClient dead =
                new OpenObserveClient(OpenObserveClientSettings.builder("http://127.0.0.1:" + closedPort)
                        .org(org)
                        .basicAuth("u", "p")
                        .retry(RetryPolicy.none())
                        .build());
        StoredRed unreachable = new StoredRed(o -> dead, 100, 1000);

        assertThatThrownBy(() -> unreachable.operations(org, "checkout", null, minute(T0), minute(T0) + 2, true))
                .isInstanceOf(StoredRed.StoreUnavailableException.class);
    }

    private static long minute(Instant instant) {
        return instant.getEpochSecond() / 60;
    }

    /** Memory of an instance started that long after 10:00 (so empty for the minutes written). */
    private static SpanMetrics freshMemoryAt(Duration afterT0) {
        TestClock clock = new TestClock(T0.plus(afterT0));
        return new SpanMetrics(clock, Duration.ofHours(1), Duration.ofSeconds(10), 1000);
    }

    private static StoredRed stored() {
        return new StoredRed(TracingTestBase::storeClient, 7, 10_000);
    }

    /**
     * Each envelope as pipeline-service's OpenObserve sink writes a metric sample: the labels as fields,
     * {@code __name__}, {@code __type__}, {@code value} and {@code _timestamp} (µs), through {@code ingest/metrics/_json}.
     */
    private void storeAsThePipelineDoes(List<Envelope> envelopes) {
        List<Map<String, Object>> samples = new ArrayList<>();
        for (Envelope e : envelopes) {
            Map<String, Object> sample = new LinkedHashMap<>();
            e.payload()
                    .path("labels")
                    .properties()
                    .forEach(l -> sample.put(l.getKey(), l.getValue().asString()));
            sample.put("__name__", e.payload().path("name").asString());
            sample.put("__type__", e.payload().path("kind").asString().toLowerCase(Locale.ROOT));
            sample.put("value", e.payload().path("value").asDouble());
            sample.put("_timestamp", SearchRequest.micros(e.timestamp()));
            samples.add(sample);
        }
        var result = storeClient(org).ingestMetrics(samples);
        assertThat(result.failed()).as(result.firstError().orElse("")).isZero();
    }

    private long storedSamples(String stream) {
        return storeClient(org)
                .search(SearchRequest.sql("SELECT * FROM \"" + stream + "\"")
                        .range(T0, T0.plusSeconds(600))
                        .size(1000)
                        .type(io.shopwatch.common.openobserve.StreamType.METRICS)
                        .build())
                .hits()
                .size();
    }

    private static String trace() {
        return newTraceId();
    }

    private static Map<String, Object> db(Map<String, Object> span) {
        span.put("db_system", "postgresql");
        return span;
    }

    private static Map<String, Object> span(
            String trace,
            String id,
            String parent,
            String service,
            String operation,
            long micros,
            String status,
            String kind) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("trace_id", trace);
        row.put("span_id", "00000000000000" + id);
        if (parent != null) {
            row.put("reference_parent_span_id", "00000000000000" + parent);
        }
        row.put("service_name", service);
        row.put("operation_name", operation);
        row.put("span_kind", kind);
        row.put("span_status", status);
        row.put("duration", micros);
        return row;
    }
}
