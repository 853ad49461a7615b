package io.shopwatch.tracing.query;

import java.time.Instant;
import java.util.Map;

/**
 * A trace search: spans matching every given filter select their traces.
 *
 * @param service {@code service_name} of a matching span, or null
 * @param operation {@code operation_name} of a matching span, or null
 * @param minDurationMicros a matching span lasts at least this long, or null
 * @param maxDurationMicros a matching span lasts at most this long, or null
 * @param status {@code OK}, {@code ERROR} or {@code UNSET} of a matching span, or null
 * @param start start of the time range
 * @param end end of the time range
 * @param limit most traces returned, newest first
 * @param attributes a matching span has each of these attributes (keys as sent, OpenObserve's column of each is
 *     {@code SpanRows.formatKey(key)}) with this value; {@code error} ({@code true}/{@code false}) and
 *     {@code span.kind} ({@code server}, {@code client}, ...) are read from the status and kind
 */
public record TraceQuery(
        String service,
        String operation,
        Long minDurationMicros,
        Long maxDurationMicros,
        String status,
        Instant start,
        Instant end,
        int limit,
        Map<String, String> attributes) {

    public TraceQuery {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The same query without attribute filters. */
    public TraceQuery(
            String service,
            String operation,
            Long minDurationMicros,
            Long maxDurationMicros,
            String status,
            Instant start,
            Instant end,
            int limit) {
        this(service, operation, minDurationMicros, maxDurationMicros, status, start, end, limit, Map.of());
    }
}
