package io.shopwatch.store.duckdb;

import static io.shopwatch.store.sql.SqlQuoting.literal;
import static io.shopwatch.store.sql.SqlQuoting.quote;

import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.store.stream.StreamCatalog;
import io.shopwatch.store.stream.StreamKey;
import io.shopwatch.store.stream.StreamMeta;
import io.shopwatch.store.stream.StreamPruner;
import io.shopwatch.store.stream.StreamSettings;
import io.shopwatch.store.stream.StreamSettingsStore;
import io.shopwatch.store.stream.StreamStats;
import io.shopwatch.store.stream.ValueType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streams of every organisation as DuckDB tables: one table per (org, type, stream) in schema {@code org_<org>},
 * named {@code <type>__<stream>}, with a {@code _timestamp BIGINT} column (µs) and one column per field. A row of
 * {@code _zo_meta.streams} per stream holds its creation time, settings and the size of the JSON ingested into it.
 *
 * <p>Schema changes (new table, new column, wider type) happen under the stream's lock and a store-wide DDL lock, each
 * in its own transaction; appends to a stream hold the stream's lock. The metadata is cached in memory and loaded from
 * the database on start.
 *
 * <p>The size of the JSON ingested is counted in memory as appends commit and written to {@code _zo_meta.streams} by
 * {@link #flushOriginalBytes()} (every few seconds, and when the store stops), not by each append: an {@code UPDATE}
 * in every append transaction cost as much as appending a small batch. Statistics read in between include what is
 * counted and not yet written; a crash loses at most the interval's count, never a record (OpenObserve's own stream
 * statistics are computed after the fact too).
 */
public final class DuckDbStreams implements StreamCatalog, StreamSettingsStore, StreamPruner {

    /** Statements that create the metadata schema; run once when the database opens. */
    public static final List<String> SETUP = List.of(
            "CREATE SCHEMA IF NOT EXISTS _zo_meta",
            "CREATE TABLE IF NOT EXISTS _zo_meta.streams (org VARCHAR, stream_type VARCHAR, name VARCHAR,"
                    + " schema_name VARCHAR, table_name VARCHAR, created_at BIGINT, original_bytes BIGINT,"
                    + " settings VARCHAR)");

    /** DuckDB's block size: the storage estimate counts blocks. */
    private static final long BLOCK_BYTES = 262_144L;

    private final DuckDbDatabase db;
    private final Clock clock;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final Map<StreamKey, StreamMeta> streams = new ConcurrentHashMap<>();
    private final Map<StreamKey, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ReentrantLock ddl = new ReentrantLock();
    /** Bytes ingested into each stream and not yet written to {@code _zo_meta.streams}. */
    private final Map<StreamKey, AtomicLong> unwrittenBytes = new ConcurrentHashMap<>();

    public DuckDbStreams(DuckDbDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
        load();
    }

    private void load() {
        Map<String, Map<String, ValueType>> columns = new HashMap<>();
        try (DuckDbDatabase.Lease lease = db.lease();
                Statement s = lease.connection().createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT schema_name, table_name, column_name, data_type"
                    + " FROM duckdb_columns() WHERE schema_name LIKE 'org\\_%' ESCAPE '\\' ORDER BY schema_name,"
                    + " table_name, column_index")) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(2), k -> new LinkedHashMap<>())
                            .put(rs.getString(3), ValueType.ofDuckDb(rs.getString(4)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT org, stream_type, name, schema_name, table_name, created_at,"
                    + " settings FROM _zo_meta.streams")) {
                while (rs.next()) {
                    StreamKey key = new StreamKey(rs.getString(1), StreamType.parse(rs.getString(2)), rs.getString(3));
                    Map<String, ValueType> cols = columns.get(rs.getString(4) + "\u0000" + rs.getString(5));
                    if (cols == null) {
                        continue; // the table is gone; the row is removed on the next delete of the name
                    }
                    streams.put(
                            key,
                            new StreamMeta(
                                    key,
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getLong(6),
                                    cols,
                                    parseSettings(rs.getString(7))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stream catalog: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- catalog

    @Override
    public List<StreamMeta> list(String org, StreamType type) {
        return streams.values().stream()
                .filter(m ->
                        m.key().org().equals(org) && (type == null || m.key().type() == type))
                .sorted(Comparator.comparing((StreamMeta m) -> m.key().name()))
                .toList();
    }

    @Override
    public Optional<StreamMeta> find(StreamKey key) {
        return Optional.ofNullable(streams.get(key));
    }

    @Override
    public List<StreamMeta> all() {
        return List.copyOf(streams.values());
    }

    @Override
    public boolean delete(StreamKey key) {
        return withStreamLock(key, () -> {
            StreamMeta meta = streams.get(key);
            if (meta == null) {
                return false;
            }
            ddl.lock();
            try (DuckDbDatabase.Lease lease = db.lease()) {
                Connection c = lease.connection();
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + meta.qualifiedTable());
                    s.execute(deleteMetaRow(key));
                }
                c.commit();
                streams.remove(key);
                unwrittenBytes.remove(key);
                return true;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot delete stream " + key + ": " + e.getMessage(), e);
            } finally {
                ddl.unlock();
            }
        });
    }

    // ---------------------------------------------------------------- settings and stats

    @Override
    public Optional<StreamMeta> updateSettings(StreamKey key, UnaryOperator<StreamSettings> change) {
        return withStreamLock(key, () -> {
            StreamMeta meta = streams.get(key);
            if (meta == null) {
                return Optional.empty();
            }
            StreamSettings settings = change.apply(meta.settings());
            try (DuckDbDatabase.Lease lease = db.lease();
                    PreparedStatement ps = lease.connection()
                            .prepareStatement("UPDATE _zo_meta.streams SET settings = ? WHERE org = ? AND"
                                    + " stream_type = ? AND name = ?")) {
                ps.setString(1, json.writeValueAsString(settings));
                ps.setString(2, key.org());
                ps.setString(3, key.type().value());
                ps.setString(4, key.name());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot save the settings of " + key + ": " + e.getMessage(), e);
            }
            StreamMeta updated = meta.withSettings(settings);
            streams.put(key, updated);
            return Optional.of(updated);
        });
    }

    @Override
    public StreamStats stats(StreamMeta stream) {
        try (DuckDbDatabase.Lease lease = db.lease();
                Statement s = lease.connection().createStatement()) {
            long rows = 0;
            long min = 0;
            long max = 0;
            try (ResultSet rs =
                    s.executeQuery("SELECT count(*), coalesce(min(_timestamp), 0), coalesce(max(_timestamp),"
                            + " 0) FROM " + stream.qualifiedTable())) {
                if (rs.next()) {
                    rows = rs.getLong(1);
                    min = rs.getLong(2);
                    max = rs.getLong(3);
                }
            }
            long original = 0;
            try (ResultSet rs =
                    s.executeQuery("SELECT original_bytes FROM _zo_meta.streams WHERE " + where(stream.key()))) {
                if (rs.next()) {
                    original = rs.getLong(1);
                }
            }
            long blocks = 0;
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT block_id) FROM pragma_storage_info("
                    + literal(stream.qualifiedTable()) + ") WHERE block_id >= 0")) {
                if (rs.next()) {
                    blocks = rs.getLong(1);
                }
            }
            AtomicLong unwritten = unwrittenBytes.get(stream.key());
            if (unwritten != null) {
                original += unwritten.get();
            }
            return new StreamStats(rows, min, max, original, blocks * BLOCK_BYTES);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the statistics of " + stream.key() + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    /** Runs {@code work} while holding the stream's write lock (appends, schema changes, deletes). */
    public <T> T withStreamLock(StreamKey key, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes sure the stream's table exists with every given column, each at least as wide as given, and returns the
     * stream as it is now. The caller holds the stream's lock.
     */
    public StreamMeta prepare(StreamKey key, Map<String, ValueType> wanted) {
        StreamMeta meta = streams.get(key);
        if (meta == null) {
            meta = create(key, wanted);
        }
        Map<String, ValueType> added = new LinkedHashMap<>();
        Map<String, ValueType> widened = new LinkedHashMap<>();
        for (Map.Entry<String, ValueType> e : wanted.entrySet()) {
            ValueType current = meta.columns().get(e.getKey());
            if (current == null) {
                added.put(e.getKey(), e.getValue());
            } else {
                ValueType target = current.widen(e.getValue());
                if (target != current) {
                    widened.put(e.getKey(), target);
                }
            }
        }
        if (added.isEmpty() && widened.isEmpty()) {
            return meta;
        }
        Map<String, ValueType> columns = new LinkedHashMap<>(meta.columns());
        ddl.lock();
        try (DuckDbDatabase.Lease lease = db.lease();
                Statement s = lease.connection().createStatement()) {
            for (Map.Entry<String, ValueType> e : added.entrySet()) {
                s.execute("ALTER TABLE " + meta.qualifiedTable() + " ADD COLUMN " + quote(e.getKey()) + " "
                        + e.getValue().duckDbType());
                columns.put(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, ValueType> e : widened.entrySet()) {
                s.execute("ALTER TABLE " + meta.qualifiedTable() + " ALTER COLUMN " + quote(e.getKey()) + " TYPE "
                        + e.getValue().duckDbType());
                columns.put(e.getKey(), e.getValue());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the schema of " + key + ": " + e.getMessage(), e);
        } finally {
            ddl.unlock();
        }
        StreamMeta updated = meta.withColumns(columns);
        streams.put(key, updated);
        return updated;
    }

    private StreamMeta create(StreamKey key, Map<String, ValueType> wanted) {
        String schema = "org_" + identifierPart(key.org());
        String table = key.type().value() + "__" + identifierPart(key.name());
        Map<String, ValueType> columns = new LinkedHashMap<>();
        columns.put("_timestamp", ValueType.INT64);
        wanted.forEach(columns::putIfAbsent);
        StringBuilder ddlSql = new StringBuilder("CREATE TABLE ")
                .append(quote(schema))
                .append('.')
                .append(quote(table))
                .append(" (");
        List<String> defs = new ArrayList<>();
        columns.forEach((name, type) -> defs.add(quote(name) + " " + type.duckDbType()));
        ddlSql.append(String.join(", ", defs)).append(')');
        long createdAt = nowMicros();
        StreamSettings settings = StreamSettings.defaults();
        ddl.lock();
        try (DuckDbDatabase.Lease lease = db.lease()) {
            Connection c = lease.connection();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
                s.execute(deleteMetaRow(key));
                s.execute(ddlSql.toString());
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO _zo_meta.streams VALUES (?, ?, ?, ?, ?, ?, 0, ?)")) {
                ps.setString(1, key.org());
                ps.setString(2, key.type().value());
                ps.setString(3, key.name());
                ps.setString(4, schema);
                ps.setString(5, table);
                ps.setLong(6, createdAt);
                ps.setString(7, json.writeValueAsString(settings));
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create stream " + key + ": " + e.getMessage(), e);
        } finally {
            ddl.unlock();
        }
        StreamMeta meta = new StreamMeta(key, schema, table, createdAt, columns, settings);
        streams.put(key, meta);
        return meta;
    }

    /** Counts {@code bytes} of JSON into the stream's ingested size; called once their append has committed. */
    public void addOriginalBytes(StreamKey key, long bytes) {
        if (bytes > 0) {
            unwrittenBytes.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(bytes);
        }
    }

    /**
     * Writes the ingested bytes counted since the last call into {@code _zo_meta.streams}: one {@code UPDATE} per stream
     * that received any, under the stream's lock. A failed write keeps the count for the next call.
     */
    public void flushOriginalBytes() {
        for (StreamKey key : List.copyOf(unwrittenBytes.keySet())) {
            withStreamLock(key, () -> {
                writeUnwrittenBytes(key);
                return null;
            });
        }
    }

    /** Under the stream's lock. */
    private void writeUnwrittenBytes(StreamKey key) {
        AtomicLong unwritten = unwrittenBytes.get(key);
        long bytes = unwritten == null ? 0 : unwritten.getAndSet(0);
        if (bytes == 0) {
            return;
        }
        try (DuckDbDatabase.Lease lease = db.lease();
                Statement s = lease.connection().createStatement()) {
            s.execute(
                    "UPDATE _zo_meta.streams SET original_bytes = original_bytes + " + bytes + " WHERE " + where(key));
        } catch (SQLException | RuntimeException e) {
            unwritten.addAndGet(bytes);
            throw new IllegalStateException("cannot write the ingested size of " + key + ": " + e.getMessage(), e);
        }
    }

    /** Also scales the stream's ingested size down by the share of rows deleted. */
    @Override
    public long deleteBefore(StreamKey key, long cutoffMicros) {
        return withStreamLock(key, () -> {
            StreamMeta meta = streams.get(key);
            if (meta == null) {
                return 0L;
            }
            writeUnwrittenBytes(key); // the share deleted scales everything ingested so far
            try (DuckDbDatabase.Lease lease = db.lease()) {
                Connection c = lease.connection();
                c.setAutoCommit(false);
                long total;
                long deleted;
                try (Statement s = c.createStatement()) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + meta.qualifiedTable())) {
                        rs.next();
                        total = rs.getLong(1);
                    }
                    deleted = s.executeUpdate(
                            "DELETE FROM " + meta.qualifiedTable() + " WHERE _timestamp < " + cutoffMicros);
                    if (deleted > 0 && total > 0) {
                        s.execute("UPDATE _zo_meta.streams SET original_bytes = CAST(original_bytes * "
                                + (double) (total - deleted) / total + " AS BIGINT) WHERE " + where(key));
                    }
                }
                c.commit();
                return deleted;
            } catch (SQLException e) {
                throw new IllegalStateException("retention of " + key + " failed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * A name as part of a DuckDB identifier. DuckDB matches identifiers case-insensitively, so {@code Acme} and
     * {@code acme} must not map to the same table: a name that is not already lower-case {@code [a-z0-9_]} gets a hash of
     * its exact spelling appended.
     */
    static String identifierPart(String name) {
        String safe = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (safe.equals(name)) {
            return safe;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return safe + "_" + Long.toHexString(crc.getValue());
    }

    private long nowMicros() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private StreamSettings parseSettings(String text) {
        if (text == null || text.isBlank()) {
            return StreamSettings.defaults();
        }
        try {
            return json.readValue(text, StreamSettings.class);
        } catch (RuntimeException e) {
            return StreamSettings.defaults();
        }
    }

    private static String deleteMetaRow(StreamKey key) {
        return "DELETE FROM _zo_meta.streams WHERE " + where(key);
    }

    private static String where(StreamKey key) {
        return "org = " + literal(key.org()) + " AND stream_type = "
                + literal(key.type().value()) + " AND name = " + literal(key.name());
    }
}
