package io.shopwatch.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of dashboard-service ({@code shopwatch.dashboard.*}).
 *
 * @param packs the e-commerce packs
 */
@ConfigurationProperties("shopwatch.dashboard")
public record DashboardProperties(@DefaultValue Packs packs) {

    /** @param enabled install the e-commerce packs in every org that uses the dashboard API */
    public record Packs(@DefaultValue("true") boolean enabled) {}
}
