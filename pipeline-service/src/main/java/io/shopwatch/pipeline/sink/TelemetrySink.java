package io.shopwatch.pipeline.sink;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where stored records go: OpenObserve's HTTP API in every deployment (a real cluster or the embedded store). */
public interface TelemetrySink {

    /**
     * Writes documents into one stream. Answers what the store reports, including records it refused; throws
     * {@link SinkUnavailableException} when the store could not be reached or answered with a server error, so that
     * the caller retries later instead of dropping.
     */
    WriteResult write(String org, String streamType, String stream, List<Map<String, Object>> documents);

    /**
     * Writes documents into one stream, given also as JSON (each element the bytes of the document at the same
     * index), so that a store reached over HTTP sends those bytes as they are. Same answers as {@link #write}; the
     * default ignores the bytes.
     */
    default WriteResult write(
            String org, String streamType, String stream, List<Map<String, Object>> documents, List<byte[]> json) {
        return write(org, streamType, stream, documents);
    }

    /**
     * The ids among {@code ids} that are already stored in the stream, looking only at records whose
     * {@code _timestamp} lies in [{@code fromMicros}, {@code toMicros}].
     */
    Set<String> existingIds(String org, String stream, Collection<String> ids, long fromMicros, long toMicros);

    /** What the store said about one write. */
    record WriteResult(long successful, long failed, String error) {}
}
