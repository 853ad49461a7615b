package io.shopwatch.logging.ingest;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import java.time.Duration;

/**
 * The batch was not taken, but the same request can succeed later: Kafka did not acknowledge it, or the service is
 * saturated. Answered by the shared problem handler with 503, a Retry-After header and {@code retry_after_seconds};
 * nothing of the batch may be assumed stored.
 */
public class RetryableIngestException extends RetryLaterException {

    public RetryableIngestException(String detail, long retryAfterSeconds, Throwable cause) {
        super(ProblemType.UNAVAILABLE, detail, Duration.ofSeconds(retryAfterSeconds), cause);
    }
}
