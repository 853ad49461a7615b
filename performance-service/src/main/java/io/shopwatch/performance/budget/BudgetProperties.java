package io.shopwatch.performance.budget;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ingest budgets and the sampling controller ({@code shopwatch.performance.budgets.*}).
 *
 * @param enabled compute and publish sampling rates
 * @param interval how often the rates are computed from what was stored meanwhile
 * @param orgRecordsPerSecond every org's budget in records per second (0: none), unless {@code limits} names it
 * @param orgBytesPerDay every org's budget in bytes per day (0: none), unless {@code limits} names it
 * @param streamRecordsPerSecond every stream's budget in records per second (0: none), unless {@code limits} names it
 * @param streamBytesPerDay every stream's budget in bytes per day (0: none), unless {@code limits} names it
 * @param limits budgets of named orgs ({@code stream} empty) and streams, replacing the defaults above
 * @param neverSampled streams whose records are never sampled (every record is kept)
 * @param maxIncrease a rate rises by at most this share per interval (0.5: +50 %); decreases are immediate
 * @param tolerance observed throughput within this share of the target keeps the rate as it is
 * @param minRate the lowest rate ever set
 * @param topic the Kafka topic the rates are published to (key {@code org/stream}, JSON value)
 */
@ConfigurationProperties("shopwatch.performance.budgets")
public record BudgetProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10s") Duration interval,
        @DefaultValue("0") double orgRecordsPerSecond,
        @DefaultValue("0") long orgBytesPerDay,
        @DefaultValue("0") double streamRecordsPerSecond,
        @DefaultValue("0") long streamBytesPerDay,
        @DefaultValue List<Limit> limits,
        @DefaultValue("payments") List<String> neverSampled,
        @DefaultValue("0.5") double maxIncrease,
        @DefaultValue("0.1") double tolerance,
        @DefaultValue("0.001") double minRate,
        @DefaultValue("shopwatch.sampling") String topic) {

    /** The budget of one org (no stream) or one stream of an org. */
    public record Limit(String org, String stream, double recordsPerSecond, long bytesPerDay) {}

    public BudgetProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("shopwatch.performance.budgets.interval must be positive");
        }
        limits = limits == null ? List.of() : List.copyOf(limits);
        neverSampled = neverSampled == null ? List.of() : List.copyOf(neverSampled);
    }

    public Budget org(String org) {
        for (Limit limit : limits) {
            if (org.equals(limit.org())
                    && (limit.stream() == null || limit.stream().isBlank())) {
                return new Budget(limit.recordsPerSecond(), limit.bytesPerDay());
            }
        }
        return new Budget(orgRecordsPerSecond, orgBytesPerDay);
    }

    public Budget stream(String org, String stream) {
        for (Limit limit : limits) {
            if (org.equals(limit.org())
                    && limit.stream() != null
                    && limit.stream().toLowerCase(Locale.ROOT).equals(stream.toLowerCase(Locale.ROOT))) {
                return new Budget(limit.recordsPerSecond(), limit.bytesPerDay());
            }
        }
        return new Budget(streamRecordsPerSecond, streamBytesPerDay);
    }
}
