package io.shopwatch.testkit.openobserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.openobserve.FieldValues;
import io.shopwatch.common.openobserve.IngestResult;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.common.openobserve.OpenObserveException;
import io.shopwatch.common.openobserve.RetryPolicy;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.SearchResult;
import io.shopwatch.common.openobserve.StreamInfo;
import io.shopwatch.common.openobserve.StreamType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of OpenObserve's HTTP API as ShopWatch uses it, exercised through {@link OpenObserveClient}: ingestion
 * rules, search semantics, OpenObserve's functions, errors and the streams API. Written once and run against every
 * implementation (Zipkin's {@code ITStorage} pattern): the embedded store runs it in the default build, a real
 * OpenObserve when {@code OPENOBSERVE_URL} is set. It includes the request/response pairs of OpenObserve's own API tests
 * that apply to this API subset (marked "pair N").
 *
 * <p>A subclass says where the server is ({@link #baseUrl()}, {@link #user()}, {@link #password()}). Every test writes
 * to streams of its own with timestamps near now, so the suite can run against a shared server; the streams are
 * deleted at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OpenObserveContract {

    private static final long SECOND = 1_000_000L;
    private static final long HOUR = 3_600 * SECOND;

    private final String run =
            "ct" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sequence = new AtomicInteger();
    private OpenObserveClient client;

    /** Base URL of the server, e.g. {@code http://localhost:5080}. */
    protected abstract String baseUrl();

    /** The root user (or a service account) of organisation {@link #org()}. */
    protected abstract String user();

    protected abstract String password();

    /** The organisation the suite writes to. */
    protected String org() {
        return "default";
    }

    /** How long data may take to become searchable and counted (OpenObserve's stats are updated asynchronously). */
    protected Duration visibilityTimeout() {
        return Duration.ofSeconds(10);
    }

    protected OpenObserveClient client() {
        if (client == null) {
            client = new OpenObserveClient(OpenObserveClientSettings.builder(baseUrl())
                    .org(org())
                    .basicAuth(user(), password())
                    .retry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)))
                    .build());
        }
        return client;
    }

    @AfterAll
    void deleteStreams() {
        for (String stream : created) {
            try {
                client().deleteStream(stream, StreamType.LOGS);
                client().deleteStream(stream, StreamType.TRACES);
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        try {
            client().deleteStream(run + "_cpu", StreamType.METRICS);
        } catch (RuntimeException ignored) {
            // best effort
        }
    }

    /** A stream name unique to this run and test. */
    protected String stream(String name) {
        String stream = (run + "_" + name + "_" + sequence.incrementAndGet()).toLowerCase(Locale.ROOT);
        created.add(stream);
        return stream;
    }

    protected static long nowMicros() {
        return SearchRequest.micros(java.time.Instant.now());
    }

    /** A search over the last hour (and a minute ahead). */
    protected SearchResult search(String sql) {
        return client().search(lastHour(sql).build());
    }

    protected SearchRequest.Builder lastHour(String sql) {
        long now = nowMicros();
        return SearchRequest.sql(sql).range(now - HOUR, now + 60 * SECOND);
    }

    /** Searches until the SQL's first row has {@code column} = {@code expected} (data may take a moment to show). */
    protected SearchResult awaitCount(String sql, String column, long expected) {
        return await().atMost(visibilityTimeout())
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsMatching(e -> e instanceof OpenObserveException oe && oe.code() == 20002)
                .until(
                        () -> search(sql),
                        r -> !r.hits().isEmpty() && number(r.hits().get(0).get(column)) == expected);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : -1;
    }

    private static Map<String, Object> record(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private IngestResult ingestOk(String stream, List<?> records) {
        IngestResult result = client().ingest(stream, records);
        assertThat(result.failed())
                .as("failed records: %s", result.firstError())
                .isZero();
        return result;
    }

    @Nested
    class Ingestion {

        @Test
        void json_answersPerStreamCounts() {
            // pair 1
            String s = stream("olympics");
            IngestResult result = client().ingest(
                            s,
                            List.of(
                                    record("Athlete", "newtemp", "City", "Athens", "Country", "HUN", "Year", 1896),
                                    record("Athlete", "HERSCHMANN", "City", "Athens", "Country", "CHN", "Year", 1896)));

            assertThat(result.code()).isEqualTo(200);
            assertThat(result.streams()).containsExactly(new IngestResult.StreamStatus(s, 2, 0, null));
            StreamInfo info = await().atMost(visibilityTimeout())
                    .until(() -> client().stream(s, StreamType.LOGS), o -> o.isPresent())
                    .orElseThrow();
            assertThat(info.schema())
                    .extracting(StreamInfo.Field::name)
                    .contains("athlete", "city", "country", "year", "_timestamp");
        }

        @Test
        void json_acceptsASingleObject() {
            String s = stream("single");
            IngestResult result = client().ingest(s, List.of(record("a", 1)));
            assertThat(result.successful()).isEqualTo(1);
        }

        @Test
        void emptyStreamName_isRefusedWith400() {
            // pair 2
            OpenObserveException e = catchThrowableOfType(
                    OpenObserveException.class, () -> client().ingest("", List.of(record("a", 1))));
            assertThat(e.status()).isEqualTo(400);
        }

        @Test
        void streamName_isNormalised() {
            String raw = run + "_My-App.Logs";
            String expected = (run + "_my_app_logs").toLowerCase(Locale.ROOT);
            created.add(expected);
            IngestResult result = client().ingest(raw, List.of(record("message", "hello")));
            assertThat(result.streams())
                    .extracting(IngestResult.StreamStatus::name)
                    .containsExactly(expected);
            awaitCount("SELECT count(*) AS n FROM \"" + expected + "\"", "n", 1);
        }

        @Test
        void keys_areNormalisedAndNestedObjectsFlattenedToThreeLevels() {
            String s = stream("flatten");
            ingestOk(
                    s,
                    List.of(record(
                            "Country",
                            "FR",
                            "kubernetes.labels.app",
                            "shop",
                            "k8s/pod-name",
                            "pod-1",
                            "a",
                            record("b", record("c", 1, "d", record("e", 2))),
                            "tags",
                            List.of("x", 2),
                            "gone",
                            null,
                            "empty",
                            Map.of())));

            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 1);
            Map<String, Object> hit =
                    search("SELECT * FROM \"" + s + "\"").hits().get(0);
            assertThat(hit)
                    .containsEntry("country", "FR")
                    .containsEntry("kubernetes_labels_app", "shop")
                    .containsEntry("k8s_pod_name", "pod-1")
                    .containsEntry("a_b_c", 1)
                    .containsEntry("a_b_d", "{\"e\":2}")
                    .containsEntry("tags", "[\"x\",2]")
                    .doesNotContainKeys("gone", "empty", "Country");
        }

        @Test
        void timestamps_inSecondsMillisMicrosNanosAndText_areStoredAsMicros() {
            String s = stream("units");
            long base = (nowMicros() / SECOND - 60) * SECOND; // a whole second, a minute ago
            ingestOk(
                    s,
                    List.of(
                            record("u", "s", "_timestamp", base / SECOND),
                            record("u", "ms", "_timestamp", base / 1000),
                            record("u", "us", "_timestamp", base),
                            record("u", "ns", "_timestamp", base * 1000),
                            record(
                                    "u",
                                    "text",
                                    "_timestamp",
                                    java.time.Instant.ofEpochSecond(base / SECOND)
                                            .toString()),
                            record("u", "at", "@timestamp", base / 1000)));
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 6);
            SearchResult result = search("SELECT u, _timestamp FROM \"" + s + "\"");
            assertThat(result.hits()).hasSize(6).allSatisfy(hit -> assertThat(number(hit.get("_timestamp")))
                    .as("_timestamp of %s", hit.get("u"))
                    .isEqualTo(base));
        }

        @Test
        void recordsOutsideTheTimeWindow_areCountedAsFailedWithOpenObservesMessage() {
            String s = stream("window");
            long now = nowMicros();
            IngestResult result = client().ingest(
                            s,
                            List.of(
                                    record("ok", 1),
                                    record("old", 1, "_timestamp", now - 6 * HOUR),
                                    record("future", 1, "_timestamp", now + 25 * HOUR)));

            assertThat(result.successful()).isEqualTo(1);
            assertThat(result.failed()).isEqualTo(2);
            assertThat(result.hasFailures()).isTrue();
            assertThat(result.firstError())
                    .hasValueSatisfying(e -> assertThat(e).startsWith("Too far data, only future"));
        }

        @Test
        void tooOldRecords_reportTheConfiguredWindow() {
            String s = stream("old");
            IngestResult result = client().ingest(s, List.of(record("old", 1, "_timestamp", nowMicros() - 48 * HOUR)));

            assertThat(result.successful()).isZero();
            assertThat(result.failed()).isEqualTo(1);
            assertThat(result.firstError()).hasValueSatisfying(e -> assertThat(e)
                    .startsWith("Too old data, only last ")
                    .endsWith("You can adjust ingestion max time by setting the environment variable"
                            + " ZO_INGEST_ALLOWED_UPTO=<max_hours>"));
        }

        @Test
        void ndjson_isIngestedLikeJson() {
            String s = stream("multi");
            IngestResult result = client().ingestNdjson(s, List.of(record("a", 1), record("a", 2), record("a", 3)));
            assertThat(result.successful()).isEqualTo(3);
            awaitCount("SELECT sum(a) AS total FROM \"" + s + "\"", "total", 6);
        }

        @Test
        void newFields_becomeNewColumns_andWiderValuesWidenTheColumn() {
            String s = stream("evolve");
            ingestOk(s, List.of(record("code", 200)));
            ingestOk(s, List.of(record("code", "E42", "extra", true)));
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 2);

            StreamInfo info = client().stream(s, StreamType.LOGS).orElseThrow();
            assertThat(info.fieldType("code")).contains("Utf8");
            assertThat(info.fieldType("extra")).contains("Boolean");
            assertThat(search("SELECT code FROM \"" + s + "\" ORDER BY code").hits())
                    .extracting(h -> h.get("code"))
                    .containsExactly("200", "E42");
        }

        @Test
        void metrics_areStoredOneStreamPerMetric() {
            // pair 6
            String metric = run + "_cpu";
            IngestResult result = client().ingestMetrics(List.of(record(
                    "__name__",
                    metric,
                    "__type__",
                    "gauge",
                    "namespace",
                    "ziox",
                    "container",
                    "zo1",
                    "_timestamp",
                    nowMicros() / 1000,
                    "value",
                    1.31)));
            assertThat(result.successful()).isEqualTo(1);
            assertThat(result.streams())
                    .extracting(IngestResult.StreamStatus::name)
                    .containsExactly(metric);

            SearchResult hits = await().atMost(visibilityTimeout())
                    .ignoreExceptions()
                    .until(
                            () -> client().search(lastHour("SELECT * FROM \"" + metric + "\"")
                                    .type(StreamType.METRICS)
                                    .build()),
                            r -> !r.hits().isEmpty());
            assertThat(hits.hits().get(0)).containsEntry("namespace", "ziox").containsEntry("value", 1.31);
        }

        @Test
        void metrics_nameColumnIsTheFormattedStreamName_typeNotStoredAsALabel() {
            String metric = run + "_Shop.Orders";
            String stream = (run + "_shop_orders").toLowerCase(java.util.Locale.ROOT);
            IngestResult result = client().ingestMetrics(List.of(record(
                    "__name__",
                    metric,
                    "__type__",
                    "counter",
                    "channel",
                    "web",
                    "_timestamp",
                    nowMicros(),
                    "value",
                    3)));
            assertThat(result.streams())
                    .extracting(IngestResult.StreamStatus::name)
                    .containsExactly(stream);

            SearchResult hits = await().atMost(visibilityTimeout())
                    .ignoreExceptions()
                    .until(
                            () -> client().search(lastHour("SELECT * FROM \"" + stream + "\"")
                                    .type(StreamType.METRICS)
                                    .build()),
                            r -> !r.hits().isEmpty());
            assertThat(hits.hits().get(0))
                    .containsEntry("__name__", stream)
                    .containsEntry("channel", "web")
                    .doesNotContainKey("__type__");
        }

        @Test
        void metrics_withAnInvalidType_areRefusedWith400() {
            OpenObserveException e = catchThrowableOfType(OpenObserveException.class, () -> client().ingestMetrics(
                            List.of(record("__name__", run + "_cpu", "__type__", "meter", "value", 1))));
            assertThat(e.status()).isEqualTo(400);
        }

        @Test
        void metrics_withASampleWithoutName_areRefusedWith400() {
            // pair 6, second half
            OpenObserveException e = catchThrowableOfType(OpenObserveException.class, () -> client().ingestMetrics(
                            List.of(record("__name__", run + "_cpu", "value", 1), Map.of())));
            assertThat(e.status()).isEqualTo(400);
        }
    }

    @Nested
    class Search {

        private String seeded(String name, int rows) {
            String s = stream(name);
            long now = nowMicros();
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                records.add(record(
                        "n",
                        i,
                        "level",
                        i % 3 == 0 ? "error" : "info",
                        "kubernetes_container_name",
                        i % 2 == 0 ? "ziox" : "other",
                        "_timestamp",
                        now - (rows - i) * SECOND));
            }
            ingestOk(s, records);
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", rows);
            return s;
        }

        @Test
        void countStar_returnsTheNumberOfRecords() {
            String s = seeded("count", 7);
            SearchResult result = search("SELECT count(*) FROM \"" + s + "\"");
            assertThat(result.hits()).hasSize(1);
            assertThat(result.hits().get(0).values()).containsExactly(7);
        }

        @Test
        void theTimeRange_isAppliedToEveryStream_andItsEndIsExclusive() {
            String s = stream("range");
            long t = (nowMicros() / SECOND - 120) * SECOND;
            ingestOk(s, List.of(record("n", 1, "_timestamp", t), record("n", 2, "_timestamp", t + 10 * SECOND)));
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 2);

            SearchResult first = client().search(SearchRequest.sql("SELECT n FROM \"" + s + "\"")
                    .range(t, t + 10 * SECOND)
                    .build());
            assertThat(first.hits()).extracting(h -> h.get("n")).containsExactly(1);
        }

        @Test
        void simpleQueries_areNewestFirst_andCarryTheTimestamp() {
            // pair 11
            String s = seeded("order", 5);
            SearchResult result = search("SELECT n FROM \"" + s + "\"");
            assertThat(result.hits()).extracting(h -> h.get("n")).containsExactly(4, 3, 2, 1, 0);
            assertThat(result.hits()).allSatisfy(h -> assertThat(h).containsKey("_timestamp"));
            SearchResult explicit = search("SELECT * FROM \"" + s + "\" ORDER BY _timestamp DESC LIMIT 10");
            for (int i = 0; i + 1 < explicit.hits().size(); i++) {
                assertThat(number(explicit.hits().get(i).get("_timestamp")))
                        .isGreaterThanOrEqualTo(
                                number(explicit.hits().get(i + 1).get("_timestamp")));
            }
        }

        @Test
        void fromAndSize_pageThroughHits_andTotalCountsHitsUnlessTracked() {
            String s = seeded("paging", 10);
            SearchResult page = client().search(lastHour("SELECT n FROM \"" + s + "\"")
                    .from(2)
                    .size(3)
                    .build());
            assertThat(page.hits()).extracting(h -> h.get("n")).containsExactly(7, 6, 5);
            assertThat(page.total()).isEqualTo(3);

            SearchResult tracked = client().search(lastHour("SELECT n FROM \"" + s + "\"")
                    .size(3)
                    .trackTotalHits(true)
                    .build());
            assertThat(tracked.hits()).hasSize(3);
            assertThat(tracked.total()).isEqualTo(10);
        }

        @Test
        void theSqlLimit_winsWhenSmallerThanSize() {
            // pair 10
            String s = seeded("limit", 6);
            SearchResult result = client().search(lastHour("SELECT * FROM \"" + s + "\" LIMIT 3")
                    .size(100)
                    .build());
            assertThat(result.hits()).hasSizeLessThanOrEqualTo(3);
        }

        @Test
        void whereClauses_filterRows() {
            // pair 12
            String s = seeded("where", 6);
            SearchResult result = search("SELECT * FROM \"" + s + "\" WHERE kubernetes_container_name = 'ziox'");
            assertThat(result.hits()).hasSize(3).allSatisfy(h -> assertThat(h)
                    .containsEntry("kubernetes_container_name", "ziox"));
        }

        @Test
        void groupBy_countsPerGroup() {
            String s = seeded("group", 6);
            SearchResult result =
                    search("SELECT level, count(*) AS c FROM \"" + s + "\" GROUP BY level ORDER BY level");
            assertThat(result.hits())
                    .extracting(h -> h.get("level") + "=" + h.get("c"))
                    .containsExactly("error=2", "info=4");
        }

        @Test
        void nullColumns_areLeftOutOfHits() {
            String s = stream("nulls");
            ingestOk(s, List.of(record("a", 1, "b", "x"), record("a", 2)));
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 2);
            SearchResult result = search("SELECT a, b FROM \"" + s + "\" ORDER BY a");
            assertThat(result.hits().get(0)).containsEntry("b", "x");
            assertThat(result.hits().get(1)).doesNotContainKey("b");
        }

        @Test
        void values_listTheMostFrequentValues() {
            String s = seeded("values", 6);
            long now = nowMicros();
            List<FieldValues> values = client().values(s, List.of("level"), now - HOUR, now + 60 * SECOND, 10);
            assertThat(values).hasSize(1);
            assertThat(values.get(0).field()).isEqualTo("level");
            assertThat(values.get(0).values())
                    .containsExactly(new FieldValues.ValueCount("info", 4), new FieldValues.ValueCount("error", 2));
        }
    }

    @Nested
    class Functions {

        private String logs() {
            String s = stream("fn");
            ingestOk(
                    s,
                    List.of(
                            record("log", "java.sql.DbException: connection refused", "code", "E1"),
                            record("log", "XMLHttpRequest failed with 503", "code", "e2"),
                            record("message", "OAuth2TokenHandler rejected the token", "code", "W3"),
                            record("log", "all good", "code", "I4")));
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 4);
            return s;
        }

        @Test
        void matchAll_findsTextInTheFullTextFields_ignoringCase() {
            // pair 14
            String s = logs();
            assertThat(search("SELECT code FROM \"" + s + "\" WHERE match_all('DbException')")
                            .hits())
                    .extracting(h -> h.get("code"))
                    .containsExactly("E1");
            assertThat(search("SELECT code FROM \"" + s + "\" WHERE match_all('xmlhttprequest')")
                            .hits())
                    .extracting(h -> h.get("code"))
                    .containsExactly("e2");
            assertThat(search("SELECT code FROM \"" + s + "\" WHERE match_all('OAuth2TokenHandler')")
                            .hits())
                    .extracting(h -> h.get("code"))
                    .containsExactly("W3");
        }

        @Test
        void strMatch_isCaseSensitive_andStrMatchIgnoreCaseIsNot() {
            String s = logs();
            assertThat(search("SELECT code FROM \"" + s + "\" WHERE str_match(code, 'E')")
                            .hits())
                    .extracting(h -> h.get("code"))
                    .containsExactly("E1");
            assertThat(search("SELECT code FROM \"" + s + "\" WHERE str_match_ignore_case(code, 'E') ORDER BY code")
                            .hits())
                    .extracting(h -> h.get("code"))
                    .containsExactly("E1", "e2");
        }

        @Test
        void reMatch_andReNotMatch_useRegularExpressions() {
            String s = logs();
            assertThat(search("SELECT code FROM \"" + s + "\" WHERE re_match(code, '^[EW][0-9]$') ORDER BY code")
                            .hits())
                    .extracting(h -> h.get("code"))
                    .containsExactly("E1", "W3");
            assertThat(search("SELECT code FROM \"" + s + "\" WHERE re_not_match(code, '^[EW]') ORDER BY code")
                            .hits())
                    .extracting(h -> h.get("code"))
                    .containsExactly("I4", "e2");
        }

        @Test
        void histogram_bucketsByInterval_andReportsTheInterval() {
            // pair 13
            String s = logs();
            long now = nowMicros();
            SearchResult result = client().search(SearchRequest.sql("SELECT histogram(_timestamp, '604800 second') AS"
                            + " zo_sql_key, count(*) AS zo_sql_num FROM \"" + s + "\" GROUP BY zo_sql_key ORDER BY"
                            + " zo_sql_key")
                    .range(now - 30L * 24 * HOUR, now + 60 * SECOND)
                    .size(0)
                    .build());
            assertThat(result.histogramInterval()).isEqualTo(604800L);
            assertThat(result.hits()).hasSize(1);
            assertThat(result.hits().get(0)).containsEntry("zo_sql_num", 4);
            assertThat((String) result.hits().get(0).get("zo_sql_key")).matches("\\d{4}-\\d\\d-\\d\\dT00:00:00");
        }

        @Test
        void histogram_withMinuteBuckets_startsBucketsOnTheMinute() {
            String s = logs();
            SearchResult result = search("SELECT histogram(_timestamp, '1 minute') AS k, count(*) AS c FROM \"" + s
                    + "\" GROUP BY k ORDER BY k");
            assertThat(result.hits()).isNotEmpty();
            assertThat(result.hits())
                    .allSatisfy(h -> assertThat((String) h.get("k")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00"));
            assertThat(result.hits().stream().mapToLong(h -> number(h.get("c"))).sum())
                    .isEqualTo(4);
        }
    }

    /**
     * DataFusion's and OpenObserve's SQL functions beyond the basics: regular expressions, JSON, casts, arrays and
     * aggregates with DISTINCT or ORDER BY. Expectations follow DataFusion, datafusion-functions-json and OpenObserve's
     * UDFs ({@code spath}, {@code cast_to_arr}); list results come back as JSON arrays.
     */
    @Nested
    class SqlFunctions {

        private static final int SEARCH_SQL_EXECUTE_ERROR = 20008;

        private long base;

        /** Three log lines with a JSON text field, a real array (stored as JSON text) and numbers. */
        private String requests() {
            String s = stream("sqlfn");
            base = (nowMicros() / SECOND - 60) * SECOND;
            ingestOk(
                    s,
                    List.of(
                            record(
                                    "code",
                                    "A1",
                                    "log",
                                    "GET /api/orders/42 200 12ms",
                                    "payload",
                                    "{\"user\":{\"id\":7,\"name\":\"ann\"},\"tags\":[\"a\",\"b\"],\"price\":9.5,"
                                            + "\"n\":3,\"ok\":true}",
                                    "tags",
                                    List.of("x", "", "y"),
                                    "level",
                                    "info",
                                    "customer",
                                    "u1",
                                    "n",
                                    3,
                                    "ratio",
                                    2.7,
                                    "_timestamp",
                                    base),
                            record(
                                    "code",
                                    "B2",
                                    "log",
                                    "POST /api/cart 500 340ms",
                                    "payload",
                                    "not json",
                                    "level",
                                    "error",
                                    "customer",
                                    "u2",
                                    "n",
                                    5,
                                    "ratio",
                                    -1.5,
                                    "_timestamp",
                                    base + SECOND),
                            record(
                                    "code",
                                    "C3",
                                    "log",
                                    "GET /health 200 1ms",
                                    "payload",
                                    "{\"user\":{\"id\":8}}",
                                    "tags",
                                    List.of(1, 2.5, true),
                                    "level",
                                    "info",
                                    "customer",
                                    "u1",
                                    "n",
                                    7,
                                    "ratio",
                                    0.5,
                                    "_timestamp",
                                    base + 2 * SECOND)));
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 3);
            return s;
        }

        private Map<String, Map<String, Object>> byCode(String sql) {
            Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
            for (Map<String, Object> hit : search(sql).hits()) {
                rows.put((String) hit.get("code"), hit);
            }
            return rows;
        }

        private OpenObserveException refused(String sql) {
            OpenObserveException e = catchThrowableOfType(OpenObserveException.class, () -> search(sql));
            assertThat(e).as(sql).isNotNull();
            return e;
        }

        @Test
        void regexpMatch_returnsTheCaptureGroupsOfTheFirstMatch_orNull() {
            String s = requests();
            Map<String, Map<String, Object>> rows =
                    byCode("SELECT code, regexp_match(log, '^(GET|POST) /api/(\\w+)') AS m,"
                            + " regexp_match(log, '[0-9]+ms') AS whole, regexp_match(log, '^get', 'i') AS flagged,"
                            + " regexp_match(log, '(\\d+)ms')[1] AS took FROM \"" + s + "\" ORDER BY code");
            assertThat(rows.get("A1"))
                    .containsEntry("m", List.of("GET", "orders"))
                    .containsEntry("whole", List.of("12ms"))
                    .containsEntry("flagged", List.of("GET"))
                    .containsEntry("took", "12");
            assertThat(rows.get("B2"))
                    .containsEntry("m", List.of("POST", "cart"))
                    .doesNotContainKey("flagged");
            assertThat(rows.get("C3")).doesNotContainKey("m").containsEntry("flagged", List.of("GET"));
        }

        @Test
        void regexpLike_takesFlags() {
            String s = requests();
            assertThat(search("SELECT code FROM \"" + s + "\" WHERE regexp_like(log, '^get ', 'i') ORDER BY code")
                            .hits())
                    .extracting(h -> h.get("code"))
                    .containsExactly("A1", "C3");
            assertThat(search("SELECT code FROM \"" + s + "\" WHERE regexp_like(log, '^get ')")
                            .hits())
                    .isEmpty();
            OpenObserveException e =
                    refused("SELECT code FROM \"" + s + "\" WHERE regexp_like(log, '^get ', 'ig') ORDER BY code");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(SEARCH_SQL_EXECUTE_ERROR);
        }

        @Test
        void spath_walksTheObjectsOfAJsonTextField() {
            String s = requests();
            Map<String, Map<String, Object>> rows = byCode("SELECT code, spath(payload, 'user.name') AS name,"
                    + " spath(payload, 'user.id') AS id, spath(payload, 'tags') AS tags, spath(payload, 'ok') AS ok"
                    + " FROM \"" + s + "\" ORDER BY code");
            assertThat(rows.get("A1"))
                    .containsEntry("name", "ann")
                    .containsEntry("id", "7")
                    .containsEntry("tags", "[\"a\",\"b\"]")
                    .containsEntry("ok", "true");
            assertThat(rows.get("B2")).doesNotContainKeys("name", "id", "tags", "ok");
            assertThat(rows.get("C3")).containsEntry("id", "8").doesNotContainKey("name");
        }

        @Test
        void jsonGet_readsTypedValuesByKeysAndIndexes_andNullOtherwise() {
            String s = requests();
            Map<String, Map<String, Object>> rows = byCode("SELECT code, json_get_str(payload, 'user', 'name') AS name,"
                    + " json_get_int(payload, 'user', 'id') AS id, json_get_float(payload, 'price') AS price,"
                    + " json_get_float(payload, 'n') AS n_float, json_get_bool(payload, 'ok') AS ok,"
                    + " json_get_json(payload, 'user') AS user_json, json_get_str(payload, 'tags', 1) AS second_tag,"
                    + " json_get_int(payload, 'user', 'name') AS wrong_type, json_get_str(payload, 'user.name') AS dotted"
                    + " FROM \"" + s + "\" ORDER BY code");
            assertThat(rows.get("A1"))
                    .containsEntry("name", "ann")
                    .containsEntry("id", 7)
                    .containsEntry("price", 9.5)
                    .containsEntry("n_float", 3.0)
                    .containsEntry("ok", true)
                    .containsEntry("user_json", "{\"id\":7,\"name\":\"ann\"}")
                    .containsEntry("second_tag", "b")
                    .doesNotContainKeys("wrong_type", "dotted");
            assertThat(rows.get("B2")).doesNotContainKeys("name", "id", "price", "ok", "user_json");
            assertThat(rows.get("C3")).containsEntry("id", 8).doesNotContainKeys("name", "price");
        }

        @Test
        void arrowCast_castsToArrowTypes_truncatingFloatsToIntegers() {
            String s = requests();
            Map<String, Map<String, Object>> rows = byCode("SELECT code, arrow_cast(n, 'Utf8') AS text,"
                    + " arrow_cast(ratio, 'Int64') AS truncated, arrow_cast(n, 'Float64') AS f,"
                    + " arrow_cast(code = 'A1', 'Int32') AS flag,"
                    + " arrow_cast(_timestamp, 'Timestamp(Microsecond, None)') AS ts FROM \"" + s + "\" ORDER BY code");
            String second = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                    .withZone(ZoneOffset.UTC)
                    .format(Instant.ofEpochSecond(base / SECOND));
            assertThat(rows.get("A1"))
                    .containsEntry("text", "3")
                    .containsEntry("truncated", 2)
                    .containsEntry("f", 3.0)
                    .containsEntry("flag", 1)
                    .containsEntry("ts", second);
            assertThat(rows.get("B2")).containsEntry("truncated", -1).containsEntry("flag", 0);
            assertThat(rows.get("C3")).containsEntry("truncated", 0);
        }

        @Test
        void arrowCast_toAnUnknownType_isAnExecuteErrorWithArrowsMessage() {
            String s = requests();
            OpenObserveException e = refused("SELECT arrow_cast(n, 'Foo') AS x FROM \"" + s + "\"");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(SEARCH_SQL_EXECUTE_ERROR);
            assertThat(e.errorDetail()).contains("Unsupported type 'Foo'");
        }

        @Test
        void castToArr_turnsAJsonArrayIntoAList_withoutEmptyStrings() {
            String s = requests();
            Map<String, Map<String, Object>> rows =
                    byCode("SELECT code, cast_to_arr(tags) AS arr, array_element(cast_to_arr(tags), 2) AS second"
                            + " FROM \"" + s + "\" ORDER BY code");
            assertThat(rows.get("A1")).containsEntry("arr", List.of("x", "y")).containsEntry("second", "y");
            assertThat(rows.get("B2")).doesNotContainKey("arr");
            assertThat(rows.get("C3")).containsEntry("arr", List.of("1", "2.5", "true"));
        }

        @Test
        void aggregates_withDistinctAndOrderBy_andListResultsAsJsonArrays() {
            String s = requests();
            SearchResult result = search("SELECT level, array_agg(code ORDER BY code DESC) AS codes,"
                    + " count(DISTINCT customer) AS customers, string_agg(code, ',' ORDER BY code) AS joined,"
                    + " count(DISTINCT n) AS ns FROM \"" + s + "\" GROUP BY level ORDER BY level");
            assertThat(result.hits()).hasSize(2);
            assertThat(result.hits().get(0))
                    .containsEntry("level", "error")
                    .containsEntry("codes", List.of("B2"))
                    .containsEntry("customers", 1)
                    .containsEntry("joined", "B2");
            assertThat(result.hits().get(1))
                    .containsEntry("level", "info")
                    .containsEntry("codes", List.of("C3", "A1"))
                    .containsEntry("customers", 1)
                    .containsEntry("joined", "A1,C3")
                    .containsEntry("ns", 2);
        }

        @Test
        void approxPercentileCont_withinGroup_takesTheOrderOfTheValues() {
            String s = requests();
            Map<String, Object> hit = search("SELECT approx_percentile_cont(0.5) WITHIN GROUP (ORDER BY n) AS median,"
                            + " approx_percentile_cont(0.0) WITHIN GROUP (ORDER BY n DESC) AS highest FROM \"" + s
                            + "\"")
                    .hits()
                    .get(0);
            assertThat(((Number) hit.get("median")).doubleValue()).isEqualTo(5.0);
            assertThat(((Number) hit.get("highest")).doubleValue()).isEqualTo(7.0);
        }

        @Test
        void stringToArray_comesBackAsAJsonArray() {
            String s = requests();
            Map<String, Map<String, Object>> rows =
                    byCode("SELECT code, string_to_array(log, ' ') AS words FROM \"" + s + "\" ORDER BY code");
            assertThat(rows.get("C3")).containsEntry("words", List.of("GET", "/health", "200", "1ms"));
        }
    }

    @Nested
    class Errors {

        @Test
        void invalidSql_isRefusedWithCode20001() {
            // pair 17
            String s = stream("badsql");
            ingestOk(s, List.of(record("a", 1)));
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 1);
            for (String sql : List.of(
                    "SELEC * FROM \"" + s + "\"",
                    "SELECT * FROM \"" + s + "\" WHERE",
                    "SELECT * FROM \"" + s + "\" WHERE a = 'x")) {
                OpenObserveException e = catchThrowableOfType(OpenObserveException.class, () -> search(sql));
                assertThat(e).as(sql).isNotNull();
                assertThat(e.status()).as(sql).isEqualTo(400);
                assertThat(e.code()).as(sql).isEqualTo(OpenObserveException.SEARCH_SQL_NOT_VALID);
                assertThat(e.getMessage()).as(sql).isEqualTo("Search SQL not valid");
            }
        }

        @Test
        void sqlThatFailsToRun_isAClientError() {
            // pair 17
            String s = stream("badexec");
            ingestOk(s, List.of(record("a", 1, "throughput_rate", 2.5)));
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 1);
            for (String sql : List.of(
                    "SELECT NONEXISTENT_FUNC_XYZ999(*) FROM \"" + s + "\"",
                    "SELECT 'hello' + 5 FROM \"" + s + "\"",
                    "SELECT * FROM \"" + s + "\" WHERE throughput_rate > 'not_a_number'")) {
                OpenObserveException e = catchThrowableOfType(OpenObserveException.class, () -> search(sql));
                assertThat(e).as(sql).isNotNull();
                assertThat(e.status()).as(sql).isBetween(400, 499);
            }
        }

        @Test
        void anUnknownStream_isRefusedWithCode20002() {
            OpenObserveException e = catchThrowableOfType(
                    OpenObserveException.class, () -> search("SELECT * FROM \"" + run + "_nowhere\""));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(OpenObserveException.SEARCH_STREAM_NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("Search stream not found: " + run + "_nowhere");
        }

        @Test
        void statementsOtherThanSelect_areRefused() {
            String s = stream("guard");
            ingestOk(s, List.of(record("a", 1)));
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 1);
            for (String sql : List.of(
                    "DELETE FROM \"" + s + "\"", "DROP TABLE \"" + s + "\"", "INSERT INTO \"" + s + "\" VALUES (1)")) {
                OpenObserveException e = catchThrowableOfType(OpenObserveException.class, () -> search(sql));
                assertThat(e).as(sql).isNotNull();
                assertThat(e.status()).as(sql).isBetween(400, 499);
            }
            awaitCount("SELECT count(*) AS n FROM \"" + s + "\"", "n", 1);
        }

        @Test
        void wrongCredentials_areRefusedWith401() {
            OpenObserveClient stranger = new OpenObserveClient(OpenObserveClientSettings.builder(baseUrl())
                    .org(org())
                    .credentials(OpenObserveCredentials.basic(user(), password() + "-wrong"))
                    .retry(RetryPolicy.none())
                    .build());
            assertThatThrownBy(() -> stranger.listStreams(StreamType.LOGS))
                    .isInstanceOfSatisfying(OpenObserveException.class, e -> assertThat(e.status())
                            .isEqualTo(401));
        }
    }

    @Nested
    class Streams {

        @Test
        void list_containsTheStreamWithItsDocumentCount() {
            // pair 18
            String s = stream("listed");
            ingestOk(s, List.of(record("a", 1), record("a", 2), record("a", 3)));
            StreamInfo info = await().atMost(visibilityTimeout())
                    .pollInterval(Duration.ofMillis(250))
                    .until(
                            () -> client().listStreams(StreamType.LOGS).stream()
                                    .filter(i -> i.name().equals(s))
                                    .findFirst(),
                            o -> o.isPresent() && o.get().stats().docNum() == 3)
                    .orElseThrow();
            assertThat(info.streamType()).isEqualTo("logs");
            assertThat(info.stats().docTimeMin())
                    .isPositive()
                    .isLessThanOrEqualTo(info.stats().docTimeMax());
            assertThat(info.stats().storageSize()).isPositive();
        }

        @Test
        void schema_describesTheFieldsAndTheirTypes() {
            String s = stream("typed");
            ingestOk(s, List.of(record("text", "a", "count", 1, "ratio", 0.5, "flag", true)));
            StreamInfo info = await().atMost(visibilityTimeout())
                    .until(() -> client().stream(s, StreamType.LOGS), o -> o.isPresent())
                    .orElseThrow();
            assertThat(info.fieldType("_timestamp")).contains("Int64");
            assertThat(info.fieldType("text")).contains("Utf8");
            assertThat(info.fieldType("count")).contains("Int64");
            assertThat(info.fieldType("ratio")).contains("Float64");
            assertThat(info.fieldType("flag")).contains("Boolean");
        }

        @Test
        void delete_removesTheStream_andAnUnknownStreamIs404() {
            // pair 19
            String s = stream("deleted");
            ingestOk(s, List.of(record("a", 1)));
            await().atMost(visibilityTimeout())
                    .until(() -> client().stream(s, StreamType.LOGS).isPresent());

            assertThat(client().deleteStream(s, StreamType.LOGS)).isTrue();
            await().atMost(visibilityTimeout())
                    .until(() -> client().stream(s, StreamType.LOGS).isEmpty());
            assertThat(client().deleteStream(run + "-definitely-does-not-exist-12345", StreamType.LOGS))
                    .isFalse();
        }

        @Test
        void setDataRetention_changesTheStreamsSetting_andAnUnknownStreamIsFalse() {
            String s = stream("retained");
            ingestOk(s, List.of(record("a", 1)));
            await().atMost(visibilityTimeout())
                    .until(() -> client().stream(s, StreamType.LOGS).isPresent());

            assertThat(client().setDataRetention(s, StreamType.LOGS, 7)).isTrue();
            assertThat(((Number) client().stream(s, StreamType.LOGS)
                                    .orElseThrow()
                                    .settings()
                                    .get("data_retention"))
                            .intValue())
                    .isEqualTo(7);
            assertThat(client().setDataRetention(s, StreamType.LOGS, 0)).isTrue();
            assertThat(((Number) client().stream(s, StreamType.LOGS)
                                    .orElseThrow()
                                    .settings()
                                    .get("data_retention"))
                            .intValue())
                    .isZero();
            assertThat(client().setDataRetention(run + "_definitely_does_not_exist_12345", StreamType.LOGS, 7))
                    .isFalse();
        }

        @Test
        void health_isUp() {
            assertThat(client().healthy()).isTrue();
        }
    }

    /** OTLP span ingestion into a {@code traces} stream and OpenObserve's span layout. */
    @Nested
    class Traces {

        @Test
        void otlpJson_isStoredInOpenObserveSpanLayout_andWrongIdsAreRejected() {
            String s = stream("spans");
            long startNanos = nowMicros() * 1000;
            String traceId = UUID.randomUUID().toString().replace("-", "");
            String request = """
                    {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
                     "scopeSpans":[{"spans":[
                      {"traceId":"%1$s","spanId":"0102030405060708","name":"GET /cart","kind":2,
                       "startTimeUnixNano":"%2$d","endTimeUnixNano":"%3$d",
                       "attributes":[{"key":"http.route","value":{"stringValue":"/cart"}}],"status":{"code":2}},
                      {"traceId":"%1$s","spanId":"01020304","name":"short","kind":1,
                       "startTimeUnixNano":"%2$d","endTimeUnixNano":"%3$d"}]}]}]}
                    """.formatted(traceId, startNanos, startNanos + 2_000_000);

            IngestResult result =
                    client().ingestTraces(s, request.getBytes(java.nio.charset.StandardCharsets.UTF_8), 2);
            assertThat(result.successful()).isEqualTo(1);
            assertThat(result.failed()).isEqualTo(1);

            SearchResult hits = await().atMost(visibilityTimeout())
                    .ignoreExceptions()
                    .until(
                            () -> client().search(lastHour("SELECT * FROM \"" + s + "\"")
                                    .type(StreamType.TRACES)
                                    .build()),
                            r -> !r.hits().isEmpty());
            assertThat(hits.hits().get(0))
                    .containsEntry("trace_id", traceId)
                    .containsEntry("span_id", "0102030405060708")
                    .containsEntry("service_name", "cart")
                    .containsEntry("operation_name", "GET /cart")
                    .containsEntry("span_kind", "2")
                    .containsEntry("span_status", "ERROR")
                    .containsEntry("http_route", "/cart");
            assertThat(number(hits.hits().get(0).get("duration"))).isEqualTo(2000L);
            assertThat(number(hits.hits().get(0).get("start_time"))).isEqualTo(startNanos);
        }
    }
}
