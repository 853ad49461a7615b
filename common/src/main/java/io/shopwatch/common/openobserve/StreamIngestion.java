package io.shopwatch.common.openobserve;

import java.util.List;

/** Writes records into OpenObserve streams. */
public interface StreamIngestion {

    /**
     * Posts records to {@code /api/{org}/{stream}/_json}. Records are anything Jackson can write as a JSON object
     * (maps, records, JSON nodes). The stream name and the keys are normalised by the server.
     */
    IngestResult ingest(String stream, List<?> records);

    /**
     * Posts records that are already JSON to {@code /api/{org}/{stream}/_json}: each element is the UTF-8 bytes of one
     * JSON object, and the request body is those bytes joined into an array, without parsing or writing them again.
     * Same semantics as {@link #ingest}. The default parses them back, for implementations that only take objects.
     */
    default IngestResult ingestJson(String stream, List<byte[]> documents) {
        tools.jackson.databind.ObjectMapper json =
                tools.jackson.databind.json.JsonMapper.builder().build();
        return ingest(stream, documents.stream().map(json::readTree).toList());
    }

    /** Posts records as NDJSON to {@code /api/{org}/{stream}/_multi}; same semantics as {@link #ingest}. */
    default IngestResult ingestNdjson(String stream, List<?> records) {
        return ingest(stream, records);
    }

    /**
     * Posts metric samples to {@code /api/{org}/ingest/metrics/_json}: each sample needs {@code __name__} (the metric,
     * which becomes the stream) and a numeric {@code value}; {@code __type__} and {@code _timestamp} are optional, every
     * other key is a label.
     */
    IngestResult ingestMetrics(List<?> samples);

    /**
     * Posts spans as an OTLP JSON {@code ExportTraceServiceRequest} to {@code /api/{org}/v1/traces} with the stream in
     * the {@code stream-name} header: OpenObserve fills {@code traces} streams only from OTLP. The spans OpenObserve
     * rejects (partial success) are counted as failed.
     *
     * @param spans how many spans the request holds
     */
    default IngestResult ingestTraces(String stream, byte[] otlpJson, int spans) {
        throw new UnsupportedOperationException("this store does not take spans");
    }
}
