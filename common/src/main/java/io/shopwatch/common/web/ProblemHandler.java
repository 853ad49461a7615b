package io.shopwatch.common.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become HTTP answers in every MVC service: RFC 9457 problem documents with a stable
 * {@link ProblemType} URI, the request path as {@code instance}, and never a stack trace. A {@link
 * RetryLaterException} also gets {@code Retry-After}.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ShopWatchException.class)
    ResponseEntity<Object> handleShopWatch(ShopWatchException e, WebRequest request) {
        ProblemDetail body = problem(e.type(), e.getMessage());
        HttpHeaders headers = new HttpHeaders();
        if (e instanceof RetryLaterException retryLater) {
            long seconds = retryLater.retryAfterSeconds();
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            body.setProperty("retry_after_seconds", seconds);
        }
        return handleExceptionInternal(
                e, body, headers, HttpStatusCode.valueOf(e.type().status()), request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException e, WebRequest request) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", String.valueOf(v.getPropertyPath()), "message", v.getMessage()))
                .toList();
        ProblemDetail body = problem(ProblemType.VALIDATION, "request has " + errors.size() + " invalid field(s)");
        body.setProperty("errors", errors);
        return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, WebRequest request) {
        log.warn("unhandled {} on {}: {}", e.getClass().getSimpleName(), path(request), e.getMessage());
        ProblemDetail body = problem(ProblemType.INTERNAL, "the request could not be completed");
        return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        ProblemDetail body = problem(ProblemType.VALIDATION, "request has " + errors.size() + " invalid field(s)");
        body.setProperty("errors", errors);
        return handleExceptionInternal(e, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = problem(ProblemType.MALFORMED, "request body is not valid JSON for this endpoint");
        return handleExceptionInternal(e, body, headers, status, request);
    }

    /** Gives every problem, including the ones Spring MVC builds itself, a ShopWatch type and the request path. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body == null && e instanceof ErrorResponse errorResponse) {
            body = errorResponse.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
                ProblemType type = ProblemType.forStatus(status.value());
                problem.setType(type.uri());
                if (problem.getTitle() == null) {
                    problem.setTitle(type.title());
                }
            }
            String path = path(request);
            if (problem.getInstance() == null && path != null) {
                problem.setInstance(URI.create(path));
            }
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /** A problem document of the given type. */
    public static ProblemDetail problem(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(type.status()), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    private static String path(WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            HttpServletRequest http = servlet.getRequest();
            return http.getRequestURI();
        }
        return null;
    }
}
