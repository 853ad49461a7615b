package io.shopwatch.store.ingest;

/**
 * One stream's outcome of an ingestion request, as OpenObserve reports it: records stored, records refused, and the
 * last refusal's message (null when none).
 */
public record IngestStatus(String name, long successful, long failed, String error) {}
