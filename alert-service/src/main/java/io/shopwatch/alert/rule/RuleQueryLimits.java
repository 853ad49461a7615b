package io.shopwatch.alert.rule;

import java.time.Duration;

/**
 * The rule queries' limits in force: the most rows a SQL rule query returns ({@code shopwatch.alert.rules.max-rows})
 * and the longest wait for one PromQL answer ({@code shopwatch.alert.rules.metrics.timeout}). Dynamic: the executors
 * read them on every query, so a value published in config-service holds from the next query on.
 */
public final class RuleQueryLimits {

    private volatile int maxRows;
    private volatile Duration metricsTimeout;

    public RuleQueryLimits(int maxRows, Duration metricsTimeout) {
        check(maxRows, metricsTimeout);
        this.maxRows = maxRows;
        this.metricsTimeout = metricsTimeout;
    }

    public int maxRows() {
        return maxRows;
    }

    public Duration metricsTimeout() {
        return metricsTimeout;
    }

    /**
     * Puts new limits in force.
     *
     * @return whether they differed from the ones in force
     * @throws IllegalArgumentException when max rows is not positive or the timeout is not more than zero
     */
    public synchronized boolean replace(int newMaxRows, Duration newMetricsTimeout) {
        check(newMaxRows, newMetricsTimeout);
        boolean changed = newMaxRows != maxRows || !newMetricsTimeout.equals(metricsTimeout);
        maxRows = newMaxRows;
        metricsTimeout = newMetricsTimeout;
        return changed;
    }

    private static void check(int maxRows, Duration metricsTimeout) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("max-rows must be at least 1, not " + maxRows);
        }
        if (metricsTimeout.isNegative() || metricsTimeout.isZero()) {
            throw new IllegalArgumentException("metrics.timeout must be more than zero, not " + metricsTimeout);
        }
    }
}
