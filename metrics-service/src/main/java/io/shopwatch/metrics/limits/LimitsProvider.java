package io.shopwatch.metrics.limits;

/** The limits that apply to one metric of one org: the service's defaults, or a metric definition's own. */
@FunctionalInterface
public interface LimitsProvider {

    MetricLimits limits(String org, String metric);

    /** The same limits for every org and metric. */
    static LimitsProvider fixed(MetricLimits limits) {
        return (org, metric) -> limits;
    }
}
