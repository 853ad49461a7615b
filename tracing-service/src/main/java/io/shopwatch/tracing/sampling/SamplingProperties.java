package io.shopwatch.tracing.sampling;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tail sampling ({@code shopwatch.tracing.sampling.*}).
 *
 * @param enabled sample in this service before Kafka; false (default): every span is stored
 * @param decisionWait how long after its first span a trace is decided
 * @param maxOpenTraces traces held at once; a new trace beyond it decides the oldest early
 * @param tickInterval how often due traces are decided
 * @param defaults the policy of every org without its own
 * @param orgs policies per org
 */
@ConfigurationProperties("shopwatch.tracing.sampling")
public record SamplingProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("30s") Duration decisionWait,
        @DefaultValue("50000") int maxOpenTraces,
        @DefaultValue("1s") Duration tickInterval,
        @DefaultValue Policy defaults,
        Map<String, Policy> orgs) {

    public SamplingProperties {
        orgs = orgs == null ? Map.of() : Map.copyOf(orgs);
    }

    /** One org's policy; see {@link SamplingPolicy}. */
    public record Policy(
            @DefaultValue("true") boolean keepErrors,
            @DefaultValue("2s") Duration slowerThan,
            Map<String, Duration> slowerThanByService,
            List<String> keepServices,
            @DefaultValue("0.1") double probability,
            @DefaultValue("0") double maxTracesPerSecond) {

        public SamplingPolicy toPolicy() {
            Map<String, Long> byService = new java.util.HashMap<>();
            if (slowerThanByService != null) {
                slowerThanByService.forEach((service, d) -> byService.put(service, d.toNanos() / 1000));
            }
            return new SamplingPolicy(
                    keepErrors,
                    slowerThan == null ? 0 : slowerThan.toNanos() / 1000,
                    byService,
                    keepServices == null ? java.util.Set.of() : java.util.Set.copyOf(keepServices),
                    probability,
                    maxTracesPerSecond);
        }
    }

    /** The policy of an org. */
    public SamplingPolicy policy(String org) {
        Policy policy = orgs.get(org);
        return (policy == null ? defaults : policy).toPolicy();
    }
}
