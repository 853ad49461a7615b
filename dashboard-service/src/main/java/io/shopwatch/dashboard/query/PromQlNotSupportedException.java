package io.shopwatch.dashboard.query;

/** A PromQL panel: dashboard-service runs SQL panels only for now (501). */
public class PromQlNotSupportedException extends RuntimeException {

    public PromQlNotSupportedException(String panelId) {
        super("panel '" + panelId + "' is a PromQL panel; dashboard-service runs SQL panels only for now");
    }
}
