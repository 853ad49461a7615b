package io.shopwatch.metrics.promql;

/** A query that cannot be parsed or evaluated: Prometheus' {@code bad_data}, HTTP 400. */
public final class PromQlException extends RuntimeException {

    public PromQlException(String message) {
        super(message, null, false, false);
    }
}
