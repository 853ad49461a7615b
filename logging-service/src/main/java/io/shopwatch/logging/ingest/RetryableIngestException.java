package io.shopwatch.logging.ingest;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;

/**
 * The batch was not taken, but the same request can succeed later: Kafka did not acknowledge it, or the service is
 * saturated. Answered 503 with a Retry-After header; nothing of the batch may be assumed stored.
 */
public class RetryableIngestException extends ShopWatchException {

    private final long retryAfterSeconds;

    public RetryableIngestException(String detail, long retryAfterSeconds, Throwable cause) {
        super(ProblemType.UNAVAILABLE, detail, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
