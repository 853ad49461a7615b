package io.shopwatch.common.openobserve;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenObserve's answer to an ingestion request: per stream, how many records were stored and how many failed, and the
 * last error message. OpenObserve answers HTTP 200 even when records failed (too old, unparseable timestamp, ...), so
 * callers must look at {@link #failed()} / {@link #hasFailures()}: nothing here is hidden.
 */
public record IngestResult(int code, List<StreamStatus> streams) {

    public IngestResult {
        streams = List.copyOf(streams);
    }

    /** One stream's outcome; {@code error} is null when nothing failed. */
    public record StreamStatus(String name, long successful, long failed, String error) {
        public StreamStatus {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Records stored, over all streams. */
    public long successful() {
        return streams.stream().mapToLong(StreamStatus::successful).sum();
    }

    /** Records refused, over all streams. */
    public long failed() {
        return streams.stream().mapToLong(StreamStatus::failed).sum();
    }

    /** Whether any record was refused. */
    public boolean hasFailures() {
        return failed() > 0;
    }

    /** The first error message reported by any stream. */
    public Optional<String> firstError() {
        return streams.stream()
                .map(StreamStatus::error)
                .filter(e -> e != null && !e.isEmpty())
                .findFirst();
    }

    /** The status of one stream, by its (normalised) name. */
    public Optional<StreamStatus> stream(String name) {
        return streams.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
