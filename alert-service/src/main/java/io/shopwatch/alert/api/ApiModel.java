package io.shopwatch.alert.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.shopwatch.alert.alertmanager.AlertStatus;
import io.shopwatch.alert.matcher.Matcher;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of Alertmanager's API v2 (api/v2/openapi.yaml). */
public final class ApiModel {

    private ApiModel() {}

    /** An alert as posted. */
    public record PostableAlert(
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            String generatorURL) {}

    /** A receiver reference. */
    public record Receiver(String name) {}

    /** An alert's state. */
    public record AlertStatus(String state, List<String> silencedBy, List<String> inhibitedBy, List<String> mutedBy) {}

    /** An alert as listed. */
    public record GettableAlert(
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            Instant updatedAt,
            String generatorURL,
            String fingerprint,
            List<Receiver> receivers,
            AlertStatus status) {}

    /** An aggregation group. */
    public record AlertGroup(Map<String, String> labels, Receiver receiver, List<GettableAlert> alerts) {}

    /** A silence matcher. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Matcher(String name, String value, Boolean isRegex, Boolean isEqual) {}

    /** A silence as posted (with an id to update one). */
    public record PostableSilence(
            String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {}

    /** A silence's state. */
    public record SilenceStatus(String state) {}

    /** A silence as listed. */
    public record GettableSilence(
            String id,
            SilenceStatus status,
            Instant updatedAt,
            List<Matcher> matchers,
            Instant startsAt,
            Instant endsAt,
            String createdBy,
            String comment) {}

    /** The answer to a posted silence. */
    public record SilenceCreated(String silenceID) {}

    /** One replica. */
    public record Peer(String name, String address) {}

    /** The cluster as this replica sees it. */
    public record ClusterStatus(String name, String status, List<Peer> peers) {}

    /** Build information. */
    public record VersionInfo(
            String version, String revision, String branch, String buildUser, String buildDate, String goVersion) {}

    /** The configuration in force. */
    public record ConfigText(String original) {}

    /** {@code GET /api/v2/status}. */
    public record Status(ClusterStatus cluster, VersionInfo versionInfo, ConfigText config, Instant uptime) {}
}
