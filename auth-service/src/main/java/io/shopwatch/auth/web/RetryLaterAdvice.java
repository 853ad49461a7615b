package io.shopwatch.auth.web;

import io.shopwatch.common.web.ProblemHandler;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Adds {@code Retry-After} to the shared problem+json answer for rate limits and lockouts. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RetryLaterAdvice {

    @ExceptionHandler(RetryLaterException.class)
    ResponseEntity<ProblemDetail> retryLater(RetryLaterException e, HttpServletRequest request) {
        ProblemDetail body = ProblemHandler.problem(e.type(), e.getMessage());
        body.setInstance(URI.create(request.getRequestURI()));
        body.setProperty("retry_after_seconds", e.retryAfterSeconds());
        return ResponseEntity.status(e.type().status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(body);
    }
}
