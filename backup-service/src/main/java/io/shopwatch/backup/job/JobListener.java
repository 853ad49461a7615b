package io.shopwatch.backup.job;

/** Told by the {@link JobWorker} about a job that has just succeeded (after its state was recorded). */
@FunctionalInterface
public interface JobListener {

    /** Called on the worker's thread; an exception is logged and changes nothing about the job. */
    void succeeded(Job job);
}
