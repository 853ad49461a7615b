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
                db, streams, new RecordNormaliser(new IngestionWindow(clock, 5, 24), 1000), 3, registry);
        Set<String> aggregates = new HashSet<>(Set.of("count", "sum", "avg", "min", "max"));
        QueryPlanner planner = new QueryPlanner(streams::find, aggregates, 1000, parser);
        this.searcher = new DuckDbSearcher(db, planner, streams, 60, 10, registry);
    }

    long nowMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    IngestStatus ingest(String org, String stream, String jsonArray) {
        List<JsonNode> records = new ArrayList<>();
        JSON.readTree(jsonArray).forEach(records::add);
        return ingester.ingest(new StreamKey(org, StreamType.LOGS, stream), records, jsonArray.length());
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
