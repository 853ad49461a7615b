package io.shopwatch.backup.job;

/** Does the work of one {@link JobKind}; found by {@link #kind()}. */
public interface JobHandler {

    JobKind kind();

    /**
     * Runs the job to its end and returns a JSON summary of the outcome. Throwing fails the job with the exception's
     * message; {@link JobCancelledException} (from {@link JobContext#checkpoint}) cancels it.
     */
    String run(Job job, JobContext context) throws Exception;
}
