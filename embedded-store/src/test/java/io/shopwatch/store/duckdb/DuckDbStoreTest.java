package io.shopwatch.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.store.error.StoreException;
import io.shopwatch.store.ingest.IngestStatus;
import io.shopwatch.store.stream.RetentionJob;
import io.shopwatch.store.stream.StreamKey;
import io.shopwatch.store.stream.StreamMeta;
import io.shopwatch.store.stream.StreamSettings;
import io.shopwatch.store.stream.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The store's DuckDB parts on a real database file, without HTTP. */
class DuckDbStoreTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @TempDir
    Path dir;

    private StoreFixture open() {
        return new StoreFixture(dir, new StoreFixture.MutableClock(NOW));
    }

    @Test
    void ingest_widensColumnsAndCastsNarrowerValues() {
        try (StoreFixture store = open()) {
            store.ingest("default", "evolve", "[{\"code\":1,\"flag\":true,\"ratio\":1}]");
            store.ingest("default", "evolve", "[{\"code\":2.5,\"flag\":1,\"ratio\":2}]");
            store.ingest("default", "evolve", "[{\"code\":\"E42\",\"flag\":false,\"ratio\":0.5,\"extra\":\"x\"}]");

            StreamMeta meta = store.streams
                    .find(new StreamKey("default", StreamType.LOGS, "evolve"))
                    .orElseThrow();
            assertThat(meta.columns())
                    .containsEntry("code", ValueType.UTF8)
                    .containsEntry("flag", ValueType.INT64)
                    .containsEntry("ratio", ValueType.FLOAT64)
                    .containsEntry("extra", ValueType.UTF8);
            ObjectNode result = store.search(
                    "default", "SELECT code, flag, ratio, count(*) AS n FROM evolve GROUP BY ALL ORDER BY ratio");
            assertThat(result.get("hits").toString())
                    .isEqualTo("[{\"code\":\"E42\",\"flag\":0,\"ratio\":0.5,\"n\":1},"
                            + "{\"code\":\"1.0\",\"flag\":1,\"ratio\":1.0,\"n\":1},"
                            + "{\"code\":\"2.5\",\"flag\":1,\"ratio\":2.0,\"n\":1}]");
        }
    }

    @Test
    void search_writesListsStructsAndMapsAsJson_withNullElements() {
        try (StoreFixture store = open()) {
            store.ingest("default", "shapes", "[{\"code\":\"ab\",\"n\":2}]");
            ObjectNode result = store.search(
                    "default",
                    "SELECT [n, NULL, 3] AS ints, ['x', code] AS texts, [[1.5], []] AS nested,"
                            + " regexp_extract(code, '(a)(b)', ['first', 'second']) AS groups,"
                            + " map(['k'], [n]) AS m FROM shapes GROUP BY ALL");
            assertThat(result.get("hits").toString())
                    .isEqualTo("[{\"ints\":[2,null,3],\"texts\":[\"x\",\"ab\"],\"nested\":[[1.5],[]],"
                            + "\"groups\":{\"first\":\"a\",\"second\":\"b\"},\"m\":{\"k\":2}}]");
        }
    }

    @Test
    void ingest_countsEveryRefusedRecord_andStoresTheRest() {
        try (StoreFixture store = open()) {
            long now = store.nowMicros();
            IngestStatus status = store.ingest(
                    "default",
                    "mixed",
                    "[{\"a\":1},{\"a\":2,\"_timestamp\":" + (now - 6 * 3_600_000_000L) + "},3,{\"_timestamp\":\"x\"}]");
            assertThat(status).isEqualTo(new IngestStatus("mixed", 1, 3, "Can't parse timestamp"));
            assertThat(store.count("default", "mixed")).isEqualTo(1);
        }
    }

    @Test
    void search_neverSeesAnotherOrganisation() {
        try (StoreFixture store = open()) {
            store.ingest("acme", "orders", "[{\"secret\":\"acme\"}]");
            store.ingest("globex", "orders", "[{\"secret\":\"globex\"},{\"secret\":\"globex\"}]");

            assertThat(store.count("acme", "orders")).isEqualTo(1);
            assertThat(store.count("globex", "orders")).isEqualTo(2);
            assertThat(store.search("acme", "SELECT secret FROM orders")
                            .get("hits")
                            .toString())
                    .doesNotContain("globex");
            StoreException e =
                    catchThrowableOfType(StoreException.class, () -> store.search("initech", "SELECT * FROM orders"));
            assertThat(e.code()).isEqualTo(20002);
        }
    }

    @Test
    void namesDifferingOnlyInCase_areDifferentStreams() {
        try (StoreFixture store = open()) {
            store.ingest("Acme", "orders", "[{\"who\":\"Acme\"}]");
            store.ingest("acme", "orders", "[{\"who\":\"acme\"},{\"who\":\"acme\"}]");
            store.ingest("acme", "Orders", "[{\"who\":\"Orders\"}]");

            assertThat(store.count("Acme", "orders")).isEqualTo(1);
            assertThat(store.count("acme", "orders")).isEqualTo(2);
            assertThat(store.count("acme", "Orders")).isEqualTo(1);
            assertThat(DuckDbStreams.identifierPart("orders")).isEqualTo("orders");
            assertThat(DuckDbStreams.identifierPart("Orders")).startsWith("orders_");
        }
    }

    @Test
    void data_survivesARestart() {
        try (StoreFixture store = open()) {
            store.ingest("default", "durable", "[{\"a\":1},{\"a\":2}]");
            store.streams.updateSettings(
                    new StreamKey("default", StreamType.LOGS, "durable"),
                    s -> new StreamSettings(7, 0, List.of("a"), List.of(), List.of(), null));
        }
        try (StoreFixture store = open()) {
            assertThat(store.count("default", "durable")).isEqualTo(2);
            StreamMeta meta = store.streams
                    .find(new StreamKey("default", StreamType.LOGS, "durable"))
                    .orElseThrow();
            assertThat(meta.settings().dataRetention()).isEqualTo(7);
            assertThat(meta.columns()).containsKeys("_timestamp", "a");
        }
    }

    @Test
    void concurrentIngestAndSearch_fromManyThreads_loseNothing() throws Exception {
        try (StoreFixture store = open()) {
            int threads = 8;
            int batches = 10;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        StringBuilder json = new StringBuilder("[");
                        for (int i = 0; i < 100; i++) {
                            json.append(i == 0 ? "" : ",")
                                    .append("{\"t\":")
                                    .append(thread)
                                    .append(",\"field_")
                                    .append(b % 3)
                                    .append("\":")
                                    .append(i)
                                    .append('}');
                        }
                        json.append(']');
                        String stream = thread % 2 == 0 ? "shared" : "other_" + thread;
                        assertThat(store.ingest("default", stream, json.toString())
                                        .failed())
                                .isZero();
                        if (store.streams
                                .find(new StreamKey("default", StreamType.LOGS, "shared"))
                                .isPresent()) {
                            store.count("default", "shared");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(store.count("default", "shared")).isEqualTo(4L * batches * 100);
            assertThat(store.count("default", "other_1")).isEqualTo(batches * 100L);
        }
    }

    @Test
    void retention_deletesWholeDaysOlderThanTheStreamsSetting() {
        try (StoreFixture store = open()) {
            StreamKey key = new StreamKey("default", StreamType.LOGS, "aged");
            store.ingest("default", "aged", "[{\"day\":0}]");
            store.clock.set(NOW.plus(Duration.ofDays(2)));
            store.ingest("default", "aged", "[{\"day\":2}]");
            store.clock.set(NOW.plus(Duration.ofDays(5)));
            store.ingest("default", "aged", "[{\"day\":5}]");
            store.streams.updateSettings(key, s -> new StreamSettings(3, 0, List.of(), List.of(), List.of(), null));

            RetentionJob job = new RetentionJob(store.streams, store.clock, 3650);
            assertThat(job.prune()).isEqualTo(1);
            assertThat(store.search("default", "SELECT day, count(*) AS n FROM aged GROUP BY day ORDER BY day")
                            .get("hits")
                            .toString())
                    .isEqualTo("[{\"day\":2,\"n\":1},{\"day\":5,\"n\":1}]");

            store.streams.updateSettings(key, s -> new StreamSettings(0, 0, List.of(), List.of(), List.of(), null));
            assertThat(new RetentionJob(store.streams, store.clock, 1).prune()).isEqualTo(1);
        }
    }

    @Test
    void deletedStreams_disappearAndCanBeCreatedAgain() {
        try (StoreFixture store = open()) {
            StreamKey key = new StreamKey("default", StreamType.LOGS, "gone");
            store.ingest("default", "gone", "[{\"a\":1}]");
            assertThat(store.streams.delete(key)).isTrue();
            assertThat(store.streams.delete(key)).isFalse();
            assertThat(catchThrowableOfType(StoreException.class, () -> store.count("default", "gone"))
                            .code())
                    .isEqualTo(20002);
            store.ingest("default", "gone", "[{\"b\":\"x\"}]");
            assertThat(store.count("default", "gone")).isEqualTo(1);
            assertThat(store.streams.find(key).orElseThrow().columns()).doesNotContainKey("a");
        }
    }

    @Test
    void values_listTopValuesPerField() {
        try (StoreFixture store = open()) {
            store.ingest("default", "v", "[{\"level\":\"info\"},{\"level\":\"info\"},{\"level\":\"error\"},{\"x\":1}]");
            long now = store.nowMicros();
            ObjectNode values = store.searcher.values(
                    "default",
                    new io.shopwatch.store.search.ValuesQuery(
                            "v",
                            StreamType.LOGS,
                            List.of("level", "missing"),
                            now - 1_000_000,
                            now + 1,
                            10,
                            null,
                            null,
                            null,
                            false));
            assertThat(values.get("hits").toString())
                    .isEqualTo("[{\"field\":\"level\",\"values\":[{\"zo_sql_key\":\"info\",\"zo_sql_num\":2},"
                            + "{\"zo_sql_key\":\"error\",\"zo_sql_num\":1}]}]");
            assertThat(values.get("total").asInt()).isEqualTo(1);
        }
    }

    @Test
    void ingestedSize_isCountedAtOnce_writtenByTheWriter_andSurvivesARestart() {
        StreamKey key = new StreamKey("default", StreamType.LOGS, "sized");
        String body = "[{\"a\":1},{\"a\":2}]";
        try (StoreFixture store = open()) {
            store.ingestTrees("default", "sized", body);
            store.ingestTrees("default", "sized", body);
            // counted in memory as the appends commit, before anything is written
            assertThat(store.streams.stats(meta(store, key)).originalBytes()).isEqualTo(2L * body.length());
            assertThat(writtenBytes(store, key)).isZero();
            store.streams.flushOriginalBytes();
            assertThat(writtenBytes(store, key)).isEqualTo(2L * body.length());
            assertThat(store.streams.stats(meta(store, key)).originalBytes()).isEqualTo(2L * body.length());
            store.ingestTrees("default", "sized", body);
            // the writer writes what is left when the store stops
            new IngestedBytesWriter(store.streams).close();
        }
        try (StoreFixture store = open()) {
            assertThat(store.streams.stats(meta(store, key)).originalBytes()).isEqualTo(3L * body.length());
        }
    }

    @Test
    void retention_scalesTheIngestedSize_includingWhatIsNotWrittenYet() {
        try (StoreFixture store = open()) {
            StreamKey key = new StreamKey("default", StreamType.LOGS, "halved");
            long now = store.nowMicros();
            String old = "[{\"_timestamp\":" + (now - 3_600_000_000L) + ",\"a\":1}]";
            String fresh = "[{\"_timestamp\":" + now + ",\"a\":1}]";
            store.ingestTrees("default", "halved", old);
            store.ingestTrees("default", "halved", fresh);
            long before = store.streams.stats(meta(store, key)).originalBytes();

            assertThat(store.streams.deleteBefore(key, now - 1)).isEqualTo(1);

            assertThat(store.streams.stats(meta(store, key)).originalBytes()).isEqualTo(before / 2);
            assertThat(writtenBytes(store, key)).isEqualTo(before / 2);
        }
    }

    @Test
    void aFailedTransaction_leavesNothing_andItsConnectionServesTheNext() throws Exception {
        try (StoreFixture store = open()) {
            store.ingest("default", "tx", "[{\"a\":1}]");
            String table =
                    meta(store, new StreamKey("default", StreamType.LOGS, "tx")).qualifiedTable();
            for (int i = 0; i < 40; i++) { // more than the pool's connections: each comes back usable
                try (DuckDbDatabase.Lease lease = store.db.lease()) {
                    java.sql.SQLException e = catchThrowableOfType(
                            java.sql.SQLException.class,
                            () -> lease.inTransaction(c -> {
                                try (var s = c.createStatement()) {
                                    s.execute("INSERT INTO " + table + " (_timestamp, a) VALUES (1, 2)");
                                    s.execute("SELECT * FROM no_such_table");
                                }
                            }));
                    assertThat(e.getMessage()).contains("no_such_table");
                }
            }
            store.ingest("default", "tx", "[{\"a\":3}]");
            assertThat(store.count("default", "tx")).isEqualTo(2);
        }
    }

    private static StreamMeta meta(StoreFixture store, StreamKey key) {
        return store.streams.find(key).orElseThrow();
    }

    private static long writtenBytes(StoreFixture store, StreamKey key) {
        try (DuckDbDatabase.Lease lease = store.db.lease();
                var s = lease.connection().createStatement();
                var rs = s.executeQuery("SELECT original_bytes FROM _zo_meta.streams WHERE org = '" + key.org()
                        + "' AND name = '" + key.name() + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
