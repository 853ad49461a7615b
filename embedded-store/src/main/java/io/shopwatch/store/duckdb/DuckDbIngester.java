package io.shopwatch.store.duckdb;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.openobserve.OpenObserveFlattening;
import io.shopwatch.store.ingest.IngestStatus;
import io.shopwatch.store.ingest.Ingester;
import io.shopwatch.store.ingest.JsonBodyReader;
import io.shopwatch.store.ingest.RecordNormaliser;
import io.shopwatch.store.ingest.RowBatch;
import io.shopwatch.store.stream.StreamKey;
import io.shopwatch.store.stream.StreamMeta;
import io.shopwatch.store.stream.ValueType;
import java.io.InputStream;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Appends normalised records to a stream's DuckDB table. A {@code _json} body is read with a streaming parser straight
 * into the request's rows, column by column ({@link JsonBodyReader}, {@link RowBatch}); no tree or map is made per
 * record. All rows of one request go in one transaction, which commits (and so reaches the write-ahead log on disk and
 * becomes visible to searches) before the request is answered. New fields become new columns; a value
 * wider than its column widens the column first; narrower values are cast to the column's type.
 */
public final class DuckDbIngester implements Ingester {

    private static final Logger log = LoggerFactory.getLogger(DuckDbIngester.class);

    private final DuckDbDatabase db;
    private final DuckDbStreams streams;
    private final RecordNormaliser normaliser;
    private final JsonBodyReader reader;
    private final int defaultFlattenLevel;
    private final OpenObserveFlattening defaultFlattener;
    private final Counter stored;
    private final Counter refused;

    public DuckDbIngester(
            DuckDbDatabase db,
            DuckDbStreams streams,
            RecordNormaliser normaliser,
            int defaultFlattenLevel,
            ObjectMapper json,
            MeterRegistry registry) {
        this.db = db;
        this.streams = streams;
        this.normaliser = normaliser;
        this.reader = new JsonBodyReader(json, normaliser);
        this.defaultFlattenLevel = defaultFlattenLevel;
        this.defaultFlattener = new OpenObserveFlattening(defaultFlattenLevel);
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
        OpenObserveFlattening flattener = flattener(key);
        RowBatch rows = new RowBatch();
        long failed = 0;
        String error = null;
        for (JsonNode record : records) {
            RecordNormaliser.Outcome outcome = normaliser.normalise(record, flattener, key.toString(), now);
            if (!outcome.accepted()) {
                failed++;
                error = outcome.error();
                continue;
            }
            outcome.row().forEach(rows::put);
            rows.keepRow();
        }
        return store(key, rows, failed, error, records.size(), originalBytes);
    }

    @Override
    public IngestStatus ingestJson(StreamKey key, InputStream body) {
        JsonBodyReader.Result read = reader.read(body, flattener(key), key.toString(), normaliser.nowMicros());
        RowBatch rows = read.rows();
        return store(key, rows, read.failed(), read.error(), rows.rows() + read.failed(), read.bytes());
    }

    private OpenObserveFlattening flattener(StreamKey key) {
        int level = streams.find(key)
                .map(StreamMeta::settings)
                .map(s -> s.flattenLevel() == null ? defaultFlattenLevel : s.flattenLevel())
                .orElse(defaultFlattenLevel);
        return level == defaultFlattenLevel ? defaultFlattener : new OpenObserveFlattening(level);
    }

    private IngestStatus store(StreamKey key, RowBatch rows, long failed, String error, long records, long bytes) {
        if (failed > 0) {
            refused.increment(failed);
            log.debug("stream {}: {} of {} records refused: {}", key, failed, records, error);
        }
        if (rows.rows() > 0) {
            long share = records == 0 ? 0 : bytes * rows.rows() / records;
            Map<String, ValueType> types = rows.types();
            streams.withStreamLock(key, () -> {
                append(key, streams.prepare(key, types), rows, share);
                return null;
            });
            stored.increment(rows.rows());
        }
        return new IngestStatus(key.name(), rows.rows(), failed, error);
    }

    private void append(StreamKey key, StreamMeta meta, RowBatch rows, long bytes) {
        int width = meta.columns().size();
        ValueType[] types = new ValueType[width];
        int[] source = new int[width];
        int i = 0;
        for (Map.Entry<String, ValueType> column : meta.columns().entrySet()) {
            types[i] = column.getValue();
            source[i] = rows.columnOf(column.getKey());
            i++;
        }
        try (DuckDbDatabase.Lease lease = db.lease()) {
            lease.inTransaction(c -> {
                try (DuckDBAppender appender = c.createAppender(meta.schemaName(), meta.tableName())) {
                    for (int row = 0; row < rows.rows(); row++) {
                        appender.beginRow();
                        for (int column = 0; column < width; column++) {
                            int from = source[column];
                            appendValue(appender, types[column], from < 0 ? null : rows.value(from, row));
                        }
                        appender.endRow();
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store records in " + key + ": " + e.getMessage(), e);
        }
        streams.addOriginalBytes(key, bytes);
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
        return RowBatch.typeOf(value);
    }
}
