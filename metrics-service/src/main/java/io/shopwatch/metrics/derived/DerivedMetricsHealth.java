package io.shopwatch.metrics.derived;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code derivedMetrics} in {@code /actuator/health}: UP while the consumer's polls go through (and while it starts),
 * DOWN when its last poll failed (it reads the batch again after {@code METRICS_DERIVED_RETRY_BACKOFF}) or it stopped;
 * the details give the state, the lag, the last poll and commit, and the last failure. Never throws.
 */
public final class DerivedMetricsHealth implements HealthIndicator {

    private final DerivedMetricsStatus status;

    public DerivedMetricsHealth(DerivedMetricsStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        DerivedMetricsStatus.Snapshot s = status.snapshot();
        Health.Builder health =
                switch (s.state()) {
                    case STARTING, RUNNING -> Health.up();
                    case FAILING, STOPPED -> Health.down();
                };
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        details.put("lag", s.lag());
        details.put("lastPoll", s.lastPoll() == null ? "none" : s.lastPoll().toString());
        details.put(
                "lastCommit", s.lastCommit() == null ? "none" : s.lastCommit().toString());
        details.put("failuresInARow", s.failuresInARow());
        if (s.lastFailure() != null) {
            details.put("lastFailure", s.lastFailure().toString());
            details.put("lastError", s.lastError());
        }
        return health.withDetails(details).build();
    }
}
