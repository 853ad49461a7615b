package io.shopwatch.tracing.query;

import java.time.Instant;

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
 */
public record TraceQuery(
        String service,
        String operation,
        Long minDurationMicros,
        Long maxDurationMicros,
        String status,
        Instant start,
        Instant end,
        int limit) {}
