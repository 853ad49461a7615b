package io.shopwatch.common.openobserve;

/**
 * OpenObserve refused or failed a request. {@link #status()} is the HTTP status (0 when no answer arrived at all);
 * {@link #code()} is OpenObserve's own code from the body (e.g. 20001 "Search SQL not valid", 20002 "Search stream not
 * found"), which equals the status for most non-search errors.
 */
public class OpenObserveException extends RuntimeException {

    /** OpenObserve's code for SQL that does not parse. */
    public static final int SEARCH_SQL_NOT_VALID = 20001;
    /** OpenObserve's code for a search on a stream that does not exist. */
    public static final int SEARCH_STREAM_NOT_FOUND = 20002;
    /** OpenObserve's code for a search naming a field the stream's schema does not have (yet). */
    public static final int SEARCH_FIELD_NOT_FOUND = 20004;

    private final int status;
    private final int code;
    private final String errorDetail;
    private final String traceId;

    public OpenObserveException(int status, int code, String message, String errorDetail, String traceId) {
        super(message);
        this.status = status;
        this.code = code;
        this.errorDetail = errorDetail;
        this.traceId = traceId;
    }

    public OpenObserveException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = 0;
        this.errorDetail = null;
        this.traceId = null;
    }

    /** The HTTP status, 0 for a connection failure or timeout. */
    public int status() {
        return status;
    }

    /** OpenObserve's code from the response body; equals {@link #status()} when the body had none. */
    public int code() {
        return code;
    }

    /** OpenObserve's {@code error_detail}, e.g. the parser message for bad SQL; may be null. */
    public String errorDetail() {
        return errorDetail;
    }

    /** OpenObserve's {@code trace_id} of the failed request; may be null. */
    public String traceId() {
        return traceId;
    }

    /** Whether the failure was a 5xx or a connection problem, i.e. the request may succeed later. */
    public boolean isTransient() {
        return status == 0 || RetryPolicy.retryableStatus(status);
    }

    @Override
    public String toString() {
        return "OpenObserveException[status=" + status + ", code=" + code + ", message=" + getMessage()
                + (errorDetail == null || errorDetail.isEmpty() ? "" : ", detail=" + errorDetail) + "]";
    }
}
