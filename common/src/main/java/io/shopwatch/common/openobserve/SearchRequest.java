package io.shopwatch.common.openobserve;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@code _search} request. Times are microseconds since the epoch, as everywhere in OpenObserve; the server applies
 * {@code _timestamp >= startTime AND _timestamp < endTime} to every stream the SQL reads.
 *
 * @param sql the query (OpenObserve's SQL dialect; {@code FROM "stream"})
 * @param startTime inclusive start, µs
 * @param endTime exclusive end, µs
 * @param from offset of the first hit
 * @param size maximum hits; null for the server's default (1000), 0 for "the SQL's own LIMIT"
 * @param trackTotalHits whether {@code total} counts all matching rows instead of the returned hits
 * @param type the stream type of unqualified stream names
 */
public record SearchRequest(
        String sql, long startTime, long endTime, long from, Integer size, boolean trackTotalHits, StreamType type) {

    public SearchRequest {
        Objects.requireNonNull(sql, "sql");
        type = type == null ? StreamType.LOGS : type;
    }

    /** A builder for {@code sql} over logs streams, from offset 0 with the server's default size. */
    public static Builder sql(String sql) {
        return new Builder(sql);
    }

    /** Builder; times default to the last 15 minutes. */
    public static final class Builder {
        private final String sql;
        private long start;
        private long end;
        private long from;
        private Integer size;
        private boolean trackTotalHits;
        private StreamType type = StreamType.LOGS;

        private Builder(String sql) {
            this.sql = sql;
            long now = micros(Instant.now());
            this.end = now + 1;
            this.start = now - 15L * 60 * 1_000_000;
        }

        /** Inclusive start and exclusive end, in µs. */
        public Builder range(long startMicros, long endMicros) {
            this.start = startMicros;
            this.end = endMicros;
            return this;
        }

        /** Inclusive start and exclusive end. */
        public Builder range(Instant start, Instant end) {
            return range(micros(start), micros(end));
        }

        public Builder from(long from) {
            this.from = from;
            return this;
        }

        public Builder size(int size) {
            this.size = size;
            return this;
        }

        public Builder trackTotalHits(boolean track) {
            this.trackTotalHits = track;
            return this;
        }

        public Builder type(StreamType type) {
            this.type = type;
            return this;
        }

        public SearchRequest build() {
            return new SearchRequest(sql, start, end, from, size, trackTotalHits, type);
        }
    }

    /** Microseconds since the epoch of an instant. */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
