package io.shopwatch.store.error;

/**
 * A request the store refuses, described the way OpenObserve describes it: the HTTP status, OpenObserve's code (the
 * status itself for most errors, 20001-20013 for search errors), the message and an optional detail. The web layer
 * turns it into OpenObserve's JSON error body.
 */
public class StoreException extends RuntimeException {

    private final int status;
    private final int code;
    private final String detail;

    public StoreException(int status, int code, String message, String detail) {
        super(message);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    /** OpenObserve's {@code error_detail}; null or empty when there is none. */
    public String detail() {
        return detail;
    }

    /** A 400 with the plain {@code {"code":400,"message":...}} body. */
    public static StoreException badRequest(String message) {
        return new StoreException(400, 400, message, null);
    }

    /** A 404 with the plain {@code {"code":404,"message":...}} body. */
    public static StoreException notFound(String message) {
        return new StoreException(404, 404, message, null);
    }

    /** 20001: the SQL does not parse or is not a query. */
    public static StoreException sqlNotValid(String detail) {
        return new StoreException(400, 20001, "Search SQL not valid", detail);
    }

    /** 20002: the SQL reads a stream that does not exist. */
    public static StoreException streamNotFound(String stream) {
        return new StoreException(400, 20002, "Search stream not found: " + stream, null);
    }

    /** 20003: {@code match_all} on a stream without full-text fields. */
    public static StoreException fullTextFieldNotFound() {
        return new StoreException(400, 20003, "Full text search field not found", null);
    }

    /** 20004: the SQL names a field the stream does not have. */
    public static StoreException fieldNotFound(String field) {
        return new StoreException(400, 20004, "Search field not found: " + field, null);
    }

    /** 20005: the SQL calls a function that does not exist. */
    public static StoreException functionNotDefined(String function) {
        return new StoreException(400, 20005, "Search function not defined: " + function, null);
    }

    /** 20008: the SQL failed while running. */
    public static StoreException executeError(String detail) {
        return new StoreException(400, 20008, "Search SQL execute error", detail);
    }

    /** 20010: the query ran out of time. */
    public static StoreException timeout(String detail) {
        return new StoreException(408, 20010, "Search query timed out", detail);
    }
}
