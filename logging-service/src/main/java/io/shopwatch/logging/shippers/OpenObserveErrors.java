package io.shopwatch.logging.shippers;

import io.shopwatch.common.web.RetryLaterException;
import io.shopwatch.common.web.ShopWatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Whole-request refusals in OpenObserve's shape, {@code {"code":N,"message":"..."}}, with Retry-After on 429/503. */
final class OpenObserveErrors {

    private OpenObserveErrors() {}

    static ResponseEntity<OpenObserveAnswers.Refusal> refusal(ShopWatchException e) {
        int status = e.type().status();
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (e instanceof RetryLaterException later) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(later.retryAfterSeconds()));
        }
        return answer.body(new OpenObserveAnswers.Refusal(status, e.getMessage()));
    }
}
