package io.shopwatch.backup.stream;

import java.util.Map;

/**
 * A restore as the job stores it.
 *
 * @param streams backup stream → target stream; empty restores every stream of the set under its own name
 * @param dryRun read and check everything, report what would be written, write nothing
 * @param timestamps {@code refuse} (default): refuse the restore when records are older than OpenObserve's ingestion
 *     window; {@code shift}: ingest every record at the restore's time and keep the original in
 *     {@value StreamRestoreHandler#ORIGINAL_TIMESTAMP}
 * @param ifExists {@code fail} (default): refuse when a target stream already holds records; {@code append}: add to it
 */
public record RestoreRequest(Map<String, String> streams, boolean dryRun, String timestamps, String ifExists) {

    public static final String REFUSE = "refuse";
    public static final String SHIFT = "shift";
    public static final String FAIL = "fail";
    public static final String APPEND = "append";

    public RestoreRequest {
        streams = streams == null ? Map.of() : Map.copyOf(streams);
        timestamps = timestamps == null || timestamps.isBlank() ? REFUSE : timestamps;
        ifExists = ifExists == null || ifExists.isBlank() ? FAIL : ifExists;
    }
}
