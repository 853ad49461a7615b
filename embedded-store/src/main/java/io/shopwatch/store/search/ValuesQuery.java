package io.shopwatch.store.search;

import io.shopwatch.common.openobserve.StreamType;
import java.util.List;

/**
 * A {@code _values} request.
 *
 * @param stream the stream
 * @param type its type
 * @param fields fields to report (fields the stream lacks are skipped)
 * @param startTime inclusive, µs
 * @param endTime exclusive, µs
 * @param size values per field
 * @param keyword only values containing this text (case-insensitive); null for all
 * @param filter {@code column=v1,v2} restriction; null for none
 * @param sql a query whose WHERE clause restricts the rows; null for none
 * @param noCount distinct values sorted by value, without counts
 */
public record ValuesQuery(
        String stream,
        StreamType type,
        List<String> fields,
        long startTime,
        long endTime,
        int size,
        String keyword,
        String filter,
        String sql,
        boolean noCount) {}
