package io.shopwatch.backup.job;

/**
 * The life of a backup, restore or verify job, as a pure function.
 *
 * <pre>
 *            START              SUCCEED
 *  QUEUED ──────────▶ RUNNING ──────────▶ SUCCEEDED
 *    │  ▲               │  │
 *    │  └── REQUEUE ────┘  │ FAIL
 *    │                     ├──────────▶ FAILED
 *    │ CANCEL              │ CANCEL
 *    └──────────────▶ CANCELLED ◀──┘
 * </pre>
 *
 * SUCCEEDED, FAILED and CANCELLED are final. REQUEUE is how a job whose worker died (no heartbeat within the lease)
 * resumes on another worker or after a restart; the worker gives up (FAIL) after the configured number of attempts.
 */
public final class JobStateMachine {

    private JobStateMachine() {}

    /** The state after {@code event}; {@link IllegalTransitionException} when {@code from} does not accept it. */
    public static JobState next(JobState from, JobEvent event) {
        JobState to =
                switch (from) {
                    case QUEUED ->
                        switch (event) {
                            case START -> JobState.RUNNING;
                            case CANCEL -> JobState.CANCELLED;
                            default -> null;
                        };
                    case RUNNING ->
                        switch (event) {
                            case SUCCEED -> JobState.SUCCEEDED;
                            case FAIL -> JobState.FAILED;
                            case CANCEL -> JobState.CANCELLED;
                            case REQUEUE -> JobState.QUEUED;
                            default -> null;
                        };
                    case SUCCEEDED, FAILED, CANCELLED -> null;
                };
        if (to == null) {
            throw new IllegalTransitionException(from, event);
        }
        return to;
    }

    /** Whether {@code from} accepts {@code event}. */
    public static boolean accepts(JobState from, JobEvent event) {
        try {
            next(from, event);
            return true;
        } catch (IllegalTransitionException e) {
            return false;
        }
    }
}
