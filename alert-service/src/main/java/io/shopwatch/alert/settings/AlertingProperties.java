package io.shopwatch.alert.settings;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of alert handling, under {@code shopwatch.alert}.
 *
 * @param externalUrl this service's URL as notifications link to it ({@code externalURL})
 * @param defaultConfigFile an alertmanager.yml used by organisations that stored none; empty for the built-in one
 * @param replicaId this replica's name in leases and the notification log; empty for host name and process id
 * @param leaseTtl how long a replica's lease on dispatching and rule evaluation lasts without renewal
 * @param leaseRenew how often the lease is renewed (and a standby tries to take it)
 * @param pollInterval how often changes written by other replicas (alerts, silences) are read
 * @param configPollInterval how often configuration versions stored by other replicas are read
 * @param resolvedRetention how long resolved alerts are kept
 * @param resolvedHistory how long resolved alerts stay listed as resolved groups (kept in PostgreSQL after they are
 *     no longer retained as alerts)
 * @param nflogRetention how long notification-log entries are kept
 * @param silenceRetention how long expired silences are kept
 * @param maintenanceInterval how often empty aggregation groups and expired state are cleaned up
 * @param dispatchThreads threads that flush aggregation groups and send notifications
 * @param maxAlertsPerRequest most alerts accepted in one {@code POST /api/v2/alerts}
 * @param webhookAllowedHosts hosts (or {@code *}) that webhooks may reach although they are loopback or private
 */
@ConfigurationProperties(prefix = "shopwatch.alert")
public record AlertingProperties(
        @DefaultValue("http://localhost:8087") String externalUrl,
        @DefaultValue("") String defaultConfigFile,
        @DefaultValue("") String replicaId,
        @DefaultValue("10s") Duration leaseTtl,
        @DefaultValue("2s") Duration leaseRenew,
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("1s") Duration configPollInterval,
        @DefaultValue("30m") Duration resolvedRetention,
        @DefaultValue("120h") Duration nflogRetention,
        @DefaultValue("120h") Duration silenceRetention,
        @DefaultValue("30s") Duration maintenanceInterval,
        @DefaultValue("4") int dispatchThreads,
        @DefaultValue("10000") int maxAlertsPerRequest,
        @DefaultValue("") List<String> webhookAllowedHosts,
        @DefaultValue("24h") Duration resolvedHistory) {}
