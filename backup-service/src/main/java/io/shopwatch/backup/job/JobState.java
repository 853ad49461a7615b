package io.shopwatch.backup.job;

/** Where a job is in its life; see {@link JobStateMachine} for the allowed moves. */
public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** Whether the job is over: nothing moves it any more. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
