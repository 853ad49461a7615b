package io.shopwatch.tracing.sampling;

import java.util.Map;
import java.util.Set;

/**
 * What an org keeps of its traces, checked in this order: traces with an error span (always, never rate-limited),
 * traces slower than a threshold (per service, else the default), traces touching one of some services, and a
 * probabilistic share of the rest (decided from the trace id, so every instance decides alike). All but error traces
 * share the org's rate limit.
 *
 * @param keepErrors keep every trace with a span whose status is ERROR
 * @param slowMicros a trace lasting at least this long is kept; 0 = no latency rule
 * @param slowMicrosByService a trace with a span of this service lasting at least this long is kept
 * @param keepServices a trace with a span of one of these services is kept
 * @param probability share of the remaining traces kept, 0 to 1
 * @param maxTracesPerSecond kept traces per second (errors aside), 0 = unlimited
 */
public record SamplingPolicy(
        boolean keepErrors,
        long slowMicros,
        Map<String, Long> slowMicrosByService,
        Set<String> keepServices,
        double probability,
        double maxTracesPerSecond) {

    public SamplingPolicy {
        slowMicrosByService = slowMicrosByService == null ? Map.of() : Map.copyOf(slowMicrosByService);
        keepServices = keepServices == null ? Set.of() : Set.copyOf(keepServices);
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be between 0 and 1");
        }
    }
}
