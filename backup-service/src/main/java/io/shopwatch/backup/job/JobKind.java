package io.shopwatch.backup.job;

/** What a job does; each kind has one {@link JobHandler}. */
public enum JobKind {
    /** Export stream data into a new backup set. */
    BACKUP_STREAMS,
    /** Re-ingest a backup set's stream data. */
    RESTORE_STREAMS,
    /** Check a backup set's files against its manifest. */
    VERIFY,
    /** Export the services' platform state into a new backup set. */
    BACKUP_STATE,
    /** Import a state set back through the services' state APIs. */
    RESTORE_STATE
}
