package io.shopwatch.backup.job;

/** What a running job reports to, and asks, the queue. */
public interface JobContext {

    /**
     * Records progress (written to the database at most every progress interval, which also serves as the heartbeat)
     * and throws {@link JobCancelledException} when the job was cancelled. Handlers call it between units of work.
     */
    void checkpoint(JobProgress progress);
}
