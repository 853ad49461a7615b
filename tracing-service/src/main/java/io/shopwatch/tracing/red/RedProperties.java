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
 * @param instance the {@code instance} label of this instance's samples, which keeps the samples of several instances
 *     apart in the store; empty: the host name and process id
 * @param readPageSize rows per {@code _search} request when the APIs read the stored samples
 * @param maxReadSamples most stored samples one RED or service-map answer reads; a larger range is refused (400)
 */
@ConfigurationProperties("shopwatch.tracing.red")
public record RedProperties(
        @DefaultValue("1h") Duration retention,
        @DefaultValue("10s") Duration pairingTtl,
        @DefaultValue("100000") int maxPending,
        @DefaultValue("15s") Duration writeInterval,
        String instance,
        @DefaultValue("10000") int readPageSize,
        @DefaultValue("1000000") long maxReadSamples) {

    /** The configured instance name, or the host name and process id. */
    public String instanceName() {
        if (instance != null && !instance.isBlank()) {
            return instance.strip();
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
