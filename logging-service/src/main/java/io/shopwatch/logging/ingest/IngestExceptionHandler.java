package io.shopwatch.logging.ingest;

import io.shopwatch.common.web.ProblemHandler;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers {@link RetryableIngestException} with 503, a Retry-After header and a problem+json body. Everything else
 * goes to the shared {@link ProblemHandler}; this advice runs first only because the shared one cannot set the
 * header.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class IngestExceptionHandler {

    @ExceptionHandler(RetryableIngestException.class)
    ResponseEntity<ProblemDetail> retryLater(RetryableIngestException e, HttpServletRequest request) {
        ProblemDetail body = ProblemHandler.problem(e.type(), e.getMessage());
        body.setInstance(URI.create(request.getRequestURI()));
        body.setProperty("retry_after_seconds", e.retryAfterSeconds());
        return ResponseEntity.status(e.type().status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }
}
