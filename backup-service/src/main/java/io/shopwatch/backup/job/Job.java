package io.shopwatch.backup.job;

import java.time.Instant;

/**
 * A job as the queue stores it.
 *
 * @param id job id
 * @param org the org it acts for
 * @param kind what it does
 * @param backupId the backup set it writes, restores or verifies
 * @param request the request as JSON
 * @param state where it is
 * @param cancelRequested an operator asked to stop a running job
 * @param attempt how many times a worker started it (more than one after a requeue)
 * @param progress the last progress reported
 * @param result a JSON summary of the outcome (also of a dry run), or null
 * @param error why it failed or was cancelled, or null
 */
public record Job(
        String id,
        String org,
        JobKind kind,
        String backupId,
        String request,
        JobState state,
        boolean cancelRequested,
        int attempt,
        JobProgress progress,
        String result,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}
