package io.shopwatch.tracing.red;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * RED metrics and service map ({@code shopwatch.tracing.red.*}).
 *
 * @param retention how long per-minute figures are kept in memory
 * @param pairingTtl how long a client span waits for the server span of another service before it counts as a call
 *     to an uninstrumented peer
 * @param maxPending spans waiting for their partner at once; the oldest are settled early past it
 * @param writeInterval how often the minutes that are over are written as metric samples to
 *     {@code shopwatch.metrics.raw}; zero switches the writing off
 */
@ConfigurationProperties("shopwatch.tracing.red")
public record RedProperties(
        @DefaultValue("1h") Duration retention,
        @DefaultValue("10s") Duration pairingTtl,
        @DefaultValue("100000") int maxPending,
        @DefaultValue("15s") Duration writeInterval) {}
