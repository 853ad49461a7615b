package io.shopwatch.alert.notify;

/** A notification that did not arrive; {@link #retryable()} says whether trying again may help. */
public class DeliveryException extends Exception {

    private final boolean retryable;
    private final int status;

    public DeliveryException(String message, boolean retryable, int status) {
        super(message);
        this.retryable = retryable;
        this.status = status;
    }

    public DeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.status = 0;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status, 0 when there was none. */
    public int status() {
        return status;
    }
}
