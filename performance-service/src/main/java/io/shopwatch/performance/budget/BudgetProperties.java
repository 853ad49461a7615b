package io.shopwatch.performance.budget;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ingest budgets and the sampling controller ({@code shopwatch.performance.budgets.*}).
 *
 * <p>Everything but {@code enabled} and {@code topic} is dynamic: a release of config-service changes it in the
 * running service ({@link DynamicBudgets}). Values out of range are refused here, when they are bound, so that they
 * never reach the regulator: at start the service does not start, on a change the budgets in force stay.
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

    /** An org name (common's {@code TokenClaims.ORG_PATTERN}). */
    static final Pattern ORG_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /** A stream name as OpenObserve stores it ({@code [a-zA-Z0-9_:]}; compared without case). */
    static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_:]{1,128}");

    /** The budget of one org (no stream) or one stream of an org. */
    public record Limit(String org, String stream, double recordsPerSecond, long bytesPerDay) {

        public Limit {
            if (org == null || !ORG_NAME.matcher(org).matches()) {
                throw new IllegalArgumentException("a limit's org must be an org name, was " + org);
            }
            if (stream != null
                    && !stream.isBlank()
                    && !STREAM_NAME.matcher(stream).matches()) {
                throw new IllegalArgumentException("a limit's stream must be a stream name, was " + stream);
            }
            requireBudget("a limit's records-per-second", recordsPerSecond);
            requireBudget("a limit's bytes-per-day", bytesPerDay);
        }
    }

    public BudgetProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("shopwatch.performance.budgets.interval must be positive");
        }
        requireBudget("org-records-per-second", orgRecordsPerSecond);
        requireBudget("org-bytes-per-day", orgBytesPerDay);
        requireBudget("stream-records-per-second", streamRecordsPerSecond);
        requireBudget("stream-bytes-per-day", streamBytesPerDay);
        if (!(maxIncrease > 0) || Double.isInfinite(maxIncrease)) {
            throw new IllegalArgumentException("max-increase must be more than 0, was " + maxIncrease);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be from 0 to less than 1, was " + tolerance);
        }
        if (!(minRate > 0 && minRate <= 1)) {
            throw new IllegalArgumentException("min-rate must be more than 0 and at most 1, was " + minRate);
        }
        limits = limits == null ? List.of() : List.copyOf(limits);
        neverSampled = neverSampled == null ? List.of() : List.copyOf(neverSampled);
        for (String stream : neverSampled) {
            if (stream == null || !STREAM_NAME.matcher(stream.strip()).matches()) {
                throw new IllegalArgumentException("never-sampled must list stream names, was " + stream);
            }
        }
    }

    private static void requireBudget(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a number from 0 (no limit), was " + value);
        }
    }

    /** The rule that moves the rates, with these settings. */
    public SamplingController controller() {
        return new SamplingController(maxIncrease, tolerance, minRate);
    }

    /** This org's named limits (its own and its streams'). */
    public List<Limit> limitsOf(String org) {
        return limits.stream().filter(limit -> org.equals(limit.org())).toList();
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
