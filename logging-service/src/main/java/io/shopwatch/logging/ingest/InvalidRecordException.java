package io.shopwatch.logging.ingest;

/**
 * Thrown while one record is checked, to reject that record (and only it). Carries no stack trace: it is an expected
 * outcome, not an error.
 */
public final class InvalidRecordException extends RuntimeException {

    private final RejectReason reason;

    public InvalidRecordException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
