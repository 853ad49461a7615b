package io.shopwatch.dashboard.query;

/** A PromQL panel while no Prometheus API is configured ({@code METRICS_SERVICE_URL} empty): 501. */
public class PromQlNotSupportedException extends RuntimeException {

    public PromQlNotSupportedException(String panelId) {
        super("panel '" + panelId + "' is a PromQL panel and no Prometheus API is configured (METRICS_SERVICE_URL)");
    }
}
