package io.shopwatch.dashboard.api;

import io.shopwatch.common.web.ProblemHandler;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.dashboard.query.PromQlNotSupportedException;
import io.shopwatch.dashboard.service.DashboardRejectedException;
import io.shopwatch.dashboard.service.StaleDashboardException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The dashboard errors as problem+json: an invalid document is 400 with {@code errors: [{field, message}]}; a stale
 * hash is 409 with the current {@code hash} and {@code revision}. Everything else goes to common's ProblemHandler.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DashboardProblems {

    @ExceptionHandler(DashboardRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(DashboardRejectedException e, HttpServletRequest request) {
        ProblemDetail body = ProblemHandler.problem(ProblemType.VALIDATION, e.getMessage());
        body.setProperty(
                "errors",
                e.errors().stream()
                        .map(f -> {
                            Map<String, String> m = new LinkedHashMap<>();
                            m.put("field", f.field());
                            m.put("message", f.message());
                            return m;
                        })
                        .toList());
        return answer(HttpStatus.BAD_REQUEST, body, request);
    }

    @ExceptionHandler(StaleDashboardException.class)
    ResponseEntity<ProblemDetail> stale(StaleDashboardException e, HttpServletRequest request) {
        ProblemDetail body = ProblemHandler.problem(ProblemType.CONFLICT, e.getMessage());
        body.setProperty("dashboardId", e.current().dashboardId());
        body.setProperty("hash", e.current().hash());
        body.setProperty("revision", e.current().revision());
        return answer(HttpStatus.CONFLICT, body, request);
    }

    @ExceptionHandler(PromQlNotSupportedException.class)
    ResponseEntity<ProblemDetail> promQl(PromQlNotSupportedException e, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_IMPLEMENTED, e.getMessage());
        body.setType(URI.create(ProblemType.BASE + "not-implemented"));
        body.setTitle("Not implemented");
        return answer(HttpStatus.NOT_IMPLEMENTED, body, request);
    }

    private static ResponseEntity<ProblemDetail> answer(
            HttpStatus status, ProblemDetail body, HttpServletRequest request) {
        body.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }
}
