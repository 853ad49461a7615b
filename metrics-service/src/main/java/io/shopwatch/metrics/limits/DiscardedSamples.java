package io.shopwatch.metrics.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts every refused sample in {@code shopwatch_discarded_samples_total{org,reason}}, Mimir's discard counter. */
public final class DiscardedSamples {

    public static final String METER = "shopwatch.discarded.samples";

    private final MeterRegistry registry;

    public DiscardedSamples(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String org, Refusal refusal, int samples) {
        Counter.builder(METER)
                .description("Metric samples refused before storage, by org and reason")
                .tag("org", org)
                .tag("reason", refusal.reason())
                .register(registry)
                .increment(samples);
    }
}
