package io.shopwatch.store.stream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the store knows about one stream: where its rows are (a DuckDB table), when it was created, its columns with
 * their types (in table order), its settings. Immutable; a schema change publishes a new instance.
 */
public record StreamMeta(
        StreamKey key,
        String schemaName,
        String tableName,
        long createdAt,
        Map<String, ValueType> columns,
        StreamSettings settings) {

    public StreamMeta {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** The table's qualified, quoted name. */
    public String qualifiedTable() {
        return io.shopwatch.store.sql.SqlQuoting.quote(schemaName) + "."
                + io.shopwatch.store.sql.SqlQuoting.quote(tableName);
    }

    public StreamMeta withColumns(Map<String, ValueType> newColumns) {
        return new StreamMeta(key, schemaName, tableName, createdAt, newColumns, settings);
    }

    public StreamMeta withSettings(StreamSettings newSettings) {
        return new StreamMeta(key, schemaName, tableName, createdAt, columns, newSettings);
    }
}
