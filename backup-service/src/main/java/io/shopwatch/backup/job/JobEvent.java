package io.shopwatch.backup.job;

/** What happens to a job; {@link JobStateMachine} turns an event into the next state. */
public enum JobEvent {
    /** A worker claimed the queued job. */
    START,
    /** The work finished and its result is durable. */
    SUCCEED,
    /** The work stopped with an error. */
    FAIL,
    /** An operator asked to stop it. */
    CANCEL,
    /** The worker that ran it stopped sending heartbeats (killed, crashed): the job goes back to the queue. */
    REQUEUE
}
