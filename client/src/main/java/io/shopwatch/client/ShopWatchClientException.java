package io.shopwatch.client;

/** A batch that ShopWatch did not take: refused (4xx), or still failing when the retries ran out. */
public class ShopWatchClientException extends RuntimeException {

    private final int status;

    public ShopWatchClientException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The last HTTP status, or 0 when no answer came (connection refused, timeout). */
    public int status() {
        return status;
    }
}
