package io.shopwatch.tracing.sampling;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sampling policy of every org, built once from {@link SamplingProperties} and replaced as a whole when the
 * settings change (config-service): a decision reads the old set or the new one, never half of each. A replacement
 * with an invalid policy (a probability outside [0, 1]) is refused and the current policies stay.
 */
public final class SamplingPolicies {

    private record Snapshot(SamplingPolicy defaults, Map<String, SamplingPolicy> orgs) {}

    private final AtomicReference<Snapshot> current;

    public SamplingPolicies(SamplingProperties properties) {
        this.current = new AtomicReference<>(snapshot(properties));
    }

    /** The policy of an org (its own, else the defaults). */
    public SamplingPolicy policy(String org) {
        Snapshot s = current.get();
        return s.orgs().getOrDefault(org, s.defaults());
    }

    /**
     * Puts new settings in force; {@link IllegalArgumentException} (and nothing changes) when one of their policies is
     * invalid.
     */
    public void replace(SamplingProperties properties) {
        current.set(snapshot(properties));
    }

    private static Snapshot snapshot(SamplingProperties properties) {
        Map<String, SamplingPolicy> orgs = new HashMap<>();
        properties.orgs().forEach((org, policy) -> orgs.put(org, policy.toPolicy()));
        return new Snapshot(properties.defaults().toPolicy(), Map.copyOf(orgs));
    }
}
