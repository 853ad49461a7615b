package io.shopwatch.backup.job;

/** An event that a job in its current state does not accept. */
public class IllegalTransitionException extends RuntimeException {

    private final JobState from;
    private final JobEvent event;

    public IllegalTransitionException(JobState from, JobEvent event) {
        super("a " + from.name().toLowerCase(java.util.Locale.ROOT) + " job does not accept "
                + event.name().toLowerCase(java.util.Locale.ROOT));
        this.from = from;
        this.event = event;
    }

    public JobState from() {
        return from;
    }

    public JobEvent event() {
        return event;
    }
}
