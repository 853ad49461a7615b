package io.shopwatch.store.web;

import io.shopwatch.store.error.StoreException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place where errors of the OpenObserve API become HTTP answers, in OpenObserve's shape:
 * {@code {"code":<code>,"message":"...","error_detail":"...","trace_id":"..."}} (the last two only for search
 * errors). The rest of the service keeps ShopWatch's problem+json.
 */
@RestControllerAdvice(annotations = OpenObserveApi.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class OpenObserveErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenObserveErrorHandler.class);

    @ExceptionHandler(StoreException.class)
    ResponseEntity<ObjectNode> store(StoreException e) {
        ObjectNode body = body(e.code(), e.getMessage());
        if (e.code() >= 10000) {
            if (e.detail() != null && !e.detail().isEmpty()) {
                body.put("error_detail", e.detail());
            }
            byte[] trace = new byte[16];
            ThreadLocalRandom.current().nextBytes(trace);
            body.put("trace_id", HexFormat.of().formatHex(trace));
        }
        return ResponseEntity.status(e.status())
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ObjectNode> mediaType(HttpMediaTypeNotSupportedException e) {
        return answer(415, "Expected request with `Content-Type: application/json`");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ObjectNode> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestDecompressionFilter.PayloadTooLargeException) {
                return answer(413, t.getMessage());
            }
        }
        return answer(400, "Failed to parse the request body as JSON");
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ObjectNode> parameter(Exception e) {
        return answer(400, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ObjectNode> unexpected(Exception e) {
        log.warn("OpenObserve API request failed: {}: {}", e.getClass().getSimpleName(), e.getMessage());
        return answer(
                HttpStatus.INTERNAL_SERVER_ERROR.value(), e.getMessage() == null ? "internal error" : e.getMessage());
    }

    private static ResponseEntity<ObjectNode> answer(int status, String message) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body(status, message));
    }

    private static ObjectNode body(int code, String message) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("code", code);
        node.put("message", message);
        return node;
    }
}
