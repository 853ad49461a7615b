package io.shopwatch.store.duckdb;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.store.ingest.IngestStatus;
import io.shopwatch.store.ingest.IngestionWindow;
import io.shopwatch.store.ingest.RecordNormaliser;
import io.shopwatch.store.search.QueryPlanner;
import io.shopwatch.store.search.SearchQuery;
import io.shopwatch.store.search.SqlFunctions;
import io.shopwatch.store.stream.StreamKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The store's parts wired by hand on a data directory, with a clock the test moves. */
final class StoreFixture implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A clock tests can set. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MutableClock clock;
    final DuckDbDatabase db;
    final DuckDbStreams streams;
    final DuckDbIngester ingester;
    final DuckDbSearcher searcher;
    private final ExecutorService parser = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });

    StoreFixture(Path dir, MutableClock clock) {
        this.clock = clock;
        List<String> setup = new ArrayList<>(DuckDbStreams.SETUP);
        setup.addAll(SqlFunctions.MACROS);
        this.db = DuckDbDatabase.open(dir.resolve("duckdb/store.duckdb"), "512MB", 2, 16, setup);
        this.streams = new DuckDbStreams(db, clock);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        this.ingester = new DuckDbIngester(
                db, streams, new RecordNormaliser(new IngestionWindow(clock, 5, 24), 1000), 3, JSON, registry);
        Set<String> aggregates = new HashSet<>(Set.of("count", "sum", "avg", "min", "max"));
        QueryPlanner planner = new QueryPlanner(streams::find, aggregates, 1000, parser);
        this.searcher = new DuckDbSearcher(db, planner, streams, 60, 10, registry);
    }

    long nowMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Ingests a {@code _json} body as the endpoint does: streamed, without a tree per record. */
    IngestStatus ingest(String org, String stream, String jsonArray) {
        return ingester.ingestJson(
                new StreamKey(org, StreamType.LOGS, stream),
                new ByteArrayInputStream(jsonArray.getBytes(StandardCharsets.UTF_8)));
    }

    /** Ingests a JSON array (or one object) as parsed trees, one per record (the path of {@code _multi} and metrics). */
    IngestStatus ingestTrees(String org, String stream, String jsonArray) {
        List<JsonNode> records = new ArrayList<>();
        JsonNode parsed = JSON.readTree(jsonArray);
        if (parsed.isArray()) {
            parsed.forEach(records::add);
        } else {
            records.add(parsed);
        }
        return ingester.ingest(
                new StreamKey(org, StreamType.LOGS, stream),
                records,
                jsonArray.getBytes(StandardCharsets.UTF_8).length);
    }

    ObjectNode search(String org, String sql) {
        long now = nowMicros();
        return searcher.search(org, new SearchQuery(sql, 0, now + 1, 0, null, false, StreamType.LOGS, 0, "ui", 0));
    }

    long count(String org, String stream) {
        return search(org, "SELECT count(*) AS n FROM \"" + stream + "\"")
                .get("hits")
                .get(0)
                .get("n")
                .asLong();
    }

    @Override
    public void close() {
        parser.shutdownNow();
        db.close();
    }
}
