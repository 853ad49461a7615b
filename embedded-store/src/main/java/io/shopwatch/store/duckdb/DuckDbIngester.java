package io.shopwatch.store.duckdb;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.openobserve.OpenObserveFlattening;
import io.shopwatch.store.ingest.IngestStatus;
import io.shopwatch.store.ingest.Ingester;
import io.shopwatch.store.ingest.RecordNormaliser;
import io.shopwatch.store.stream.StreamKey;
import io.shopwatch.store.stream.StreamMeta;
import io.shopwatch.store.stream.ValueType;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Appends normalised records to a stream's DuckDB table. All rows of one request go in one transaction, which commits
 * (and so reaches the write-ahead log on disk) before the request is answered. New fields become new columns; a value
 * wider than its column widens the column first; narrower values are cast to the column's type.
 */
public final class DuckDbIngester implements Ingester {

    private static final Logger log = LoggerFactory.getLogger(DuckDbIngester.class);

    private final DuckDbDatabase db;
    private final DuckDbStreams streams;
    private final RecordNormaliser normaliser;
    private final int defaultFlattenLevel;
    private final Counter stored;
    private final Counter refused;

    public DuckDbIngester(
            DuckDbDatabase db,
            DuckDbStreams streams,
            RecordNormaliser normaliser,
            int defaultFlattenLevel,
            MeterRegistry registry) {
        this.db = db;
        this.streams = streams;
        this.normaliser = normaliser;
        this.defaultFlattenLevel = defaultFlattenLevel;
        this.stored = Counter.builder("store.ingest.records")
                .description("Records received for ingestion")
                .tag("result", "stored")
                .register(registry);
        this.refused = Counter.builder("store.ingest.records")
                .description("Records received for ingestion")
                .tag("result", "refused")
                .register(registry);
    }

    @Override
    public IngestStatus ingest(StreamKey key, List<JsonNode> records, long originalBytes) {
        long now = normaliser.nowMicros();
        int level = streams.find(key)
                .map(StreamMeta::settings)
                .map(s -> s.flattenLevel() == null ? defaultFlattenLevel : s.flattenLevel())
                .orElse(defaultFlattenLevel);
        OpenObserveFlattening flattener = new OpenObserveFlattening(level);
        List<Map<String, Object>> rows = new ArrayList<>(records.size());
        Map<String, ValueType> types = new LinkedHashMap<>();
        long failed = 0;
        String error = null;
        for (JsonNode record : records) {
            RecordNormaliser.Outcome outcome = normaliser.normalise(record, flattener, key.toString(), now);
            if (!outcome.accepted()) {
                failed++;
                error = outcome.error();
                continue;
            }
            Map<String, Object> row = outcome.row();
            for (Map.Entry<String, Object> e : row.entrySet()) {
                types.merge(e.getKey(), typeOf(e.getValue()), ValueType::widen);
            }
            rows.add(row);
        }
        if (failed > 0) {
            refused.increment(failed);
            log.debug("stream {}: {} of {} records refused: {}", key, failed, records.size(), error);
        }
        if (!rows.isEmpty()) {
            long bytes = records.isEmpty() ? 0 : originalBytes * rows.size() / records.size();
            streams.withStreamLock(key, () -> {
                append(key, streams.prepare(key, types), rows, bytes);
                return null;
            });
            stored.increment(rows.size());
        }
        return new IngestStatus(key.name(), rows.size(), failed, error);
    }

    private void append(StreamKey key, StreamMeta meta, List<Map<String, Object>> rows, long bytes) {
        List<Map.Entry<String, ValueType>> columns =
                new ArrayList<>(meta.columns().entrySet());
        try (DuckDbDatabase.Lease lease = db.lease()) {
            Connection c = lease.connection();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // the first statement opens the transaction the appender then joins
                s.execute(streams.addOriginalBytes(key, bytes));
            }
            try (DuckDBAppender appender = lease.connection().createAppender(meta.schemaName(), meta.tableName())) {
                for (Map<String, Object> row : rows) {
                    appender.beginRow();
                    for (Map.Entry<String, ValueType> column : columns) {
                        appendValue(appender, column.getValue(), row.get(column.getKey()));
                    }
                    appender.endRow();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store records in " + key + ": " + e.getMessage(), e);
        }
    }

    private static void appendValue(DuckDBAppender appender, ValueType type, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
            return;
        }
        switch (type) {
            case UTF8 -> appender.append(value instanceof String s ? s : String.valueOf(value));
            case INT64 -> appender.append(value instanceof Boolean b ? (b ? 1L : 0L) : ((Number) value).longValue());
            case UINT64 ->
                appender.append(
                        value instanceof BigInteger big
                                ? big
                                : BigInteger.valueOf(
                                        value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).longValue()));
            case FLOAT64 ->
                appender.append(value instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) value).doubleValue());
            case BOOLEAN -> appender.append(((Boolean) value).booleanValue());
        }
    }

    /** The type OpenObserve infers for a JSON value. */
    static ValueType typeOf(Object value) {
        if (value instanceof String) {
            return ValueType.UTF8;
        }
        if (value instanceof Boolean) {
            return ValueType.BOOLEAN;
        }
        if (value instanceof Long) {
            return ValueType.INT64;
        }
        if (value instanceof BigInteger) {
            return ValueType.UINT64;
        }
        return ValueType.FLOAT64;
    }
}
