package io.shopwatch.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of dashboard-service ({@code shopwatch.dashboard.*}).
 *
 * @param packs the e-commerce packs
 * @param provisioning dashboards from files
 * @param sync copies in a real OpenObserve
 * @param promql where PromQL panels run
 */
@ConfigurationProperties("shopwatch.dashboard")
public record DashboardProperties(
        @DefaultValue Packs packs,
        @DefaultValue Provisioning provisioning,
        @DefaultValue Sync sync,
        @DefaultValue Promql promql) {

    /**
     * @param url base URL of metrics-service, whose Prometheus HTTP API ({@code /api/{org}/prometheus/api/v1/
     *     query_range}) runs PromQL panels with the caller's token; empty: PromQL panels answer 501
     * @param timeout how long one PromQL query may take
     */
    public record Promql(
            @DefaultValue("http://localhost:8084") String url,
            @DefaultValue("30s") Duration timeout) {}

    /**
     * @param enabled copy ShopWatch's dashboards into OpenObserve's own dashboards (its UI shows them)
     * @param interval how often changed dashboards are copied
     */
    public record Sync(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("1m") Duration interval) {}

    /** @param enabled install the e-commerce packs in every org that uses the dashboard API */
    public record Packs(@DefaultValue("true") boolean enabled) {}

    /**
     * @param dir directory of dashboard files ({@code DASHBOARDS_DIR}); empty: no provisioning
     * @param org the org the files' dashboards belong to
     * @param interval how often the directory is read again
     */
    public record Provisioning(
            @DefaultValue("") String dir,
            @DefaultValue("default") String org,
            @DefaultValue("10s") Duration interval) {}
}
