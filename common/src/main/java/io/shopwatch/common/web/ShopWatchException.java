package io.shopwatch.common.web;

import java.util.Objects;

/** An error with a known problem type; the web layer maps it to a problem+json answer with its status. */
public class ShopWatchException extends RuntimeException {

    private final ProblemType type;

    public ShopWatchException(ProblemType type, String detail) {
        super(detail);
        this.type = Objects.requireNonNull(type, "type");
    }

    public ShopWatchException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause);
        this.type = Objects.requireNonNull(type, "type");
    }

    public ProblemType type() {
        return type;
    }

    public static ShopWatchException notFound(String what, Object id) {
        return new ShopWatchException(ProblemType.NOT_FOUND, what + " '" + id + "' does not exist");
    }

    public static ShopWatchException conflict(String detail) {
        return new ShopWatchException(ProblemType.CONFLICT, detail);
    }

    public static ShopWatchException invalid(String detail) {
        return new ShopWatchException(ProblemType.VALIDATION, detail);
    }
}
