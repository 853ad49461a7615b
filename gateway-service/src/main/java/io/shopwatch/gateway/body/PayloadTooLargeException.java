package io.shopwatch.gateway.body;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A request body grew over the limit while it was read. */
public class PayloadTooLargeException extends ResponseStatusException {

    private final long limit;

    public PayloadTooLargeException(long limit) {
        super(HttpStatus.PAYLOAD_TOO_LARGE, detail(limit));
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    static String detail(long limit) {
        return "request body exceeds the limit of " + limit + " bytes";
    }
}
