package io.shopwatch.backup.job;

/** Thrown by {@link JobContext#checkpoint} when an operator cancelled the running job. */
public class JobCancelledException extends RuntimeException {

    public JobCancelledException() {
        super("cancelled by request");
    }
}
