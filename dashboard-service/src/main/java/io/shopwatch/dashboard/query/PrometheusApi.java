package io.shopwatch.dashboard.query;

import java.util.List;
import java.util.Map;

/**
 * A Prometheus HTTP API (metrics-service's, at OpenObserve's paths {@code /api/{org}/prometheus/api/v1/...}): the
 * range query PromQL panels need.
 */
public interface PrometheusApi {

    /**
     * {@code query_range}: the matrix of {@code query} from {@code startMillis} to {@code endMillis} every
     * {@code stepMillis}.
     *
     * @param authorization the caller's {@code Authorization} header, passed on so that the query runs with the
     *     caller's rights in {@code org}; null when there is none
     * @throws PrometheusApiException when the API refuses the query or cannot be reached
     */
    List<Series> queryRange(
            String org, String authorization, String query, long startMillis, long endMillis, long stepMillis);

    /** One series of a matrix: its labels and its samples in time order. */
    record Series(Map<String, String> metric, List<Sample> samples) {}

    /** A sample: its time (ms) and value; null for NaN and ±Inf, which JSON cannot carry. */
    record Sample(long millis, Double value) {}

    /** The API's refusal ({@code status} 4xx, Prometheus' {@code error} text) or its absence (5xx; 0: unreachable). */
    class PrometheusApiException extends RuntimeException {

        private final int status;

        public PrometheusApiException(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        public int status() {
            return status;
        }

        public boolean refused() {
            return status >= 400 && status < 500;
        }
    }
}
