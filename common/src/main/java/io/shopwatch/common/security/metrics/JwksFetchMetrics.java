package io.shopwatch.common.security.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.security.RemoteJwks;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every JWK-set fetch in {@value #FETCHES} by {@code outcome} ({@code ok}, {@code failed}: the call failed,
 * {@code invalid}: the answer was unusable) and logs the ones whose answer was not used at WARN, with the reason and
 * never the answer's body.
 */
public final class JwksFetchMetrics implements RemoteJwks.FetchListener {

    /** Counter of JWK-set fetches, tagged {@code outcome}. */
    public static final String FETCHES = "shopwatch.security.jwks.fetches";

    private static final Logger log = LoggerFactory.getLogger(JwksFetchMetrics.class);

    private final Map<RemoteJwks.Outcome, Counter> fetches;

    public JwksFetchMetrics(MeterRegistry meters) {
        Map<RemoteJwks.Outcome, Counter> counters = new EnumMap<>(RemoteJwks.Outcome.class);
        for (RemoteJwks.Outcome outcome : RemoteJwks.Outcome.values()) {
            counters.put(
                    outcome,
                    Counter.builder(FETCHES)
                            .description("Fetches of the JWK set access tokens are verified against")
                            .tag("outcome", outcome.tag())
                            .register(meters));
        }
        this.fetches = Map.copyOf(counters);
    }

    @Override
    public void fetched(URI uri, RemoteJwks.Outcome outcome, String reason, int keysKept) {
        fetches.get(outcome).increment();
        if (outcome == RemoteJwks.Outcome.FAILED) {
            log.warn("JWK set {} not fetched: {}; keeping the {} keys known", uri, reason, keysKept);
        } else if (outcome == RemoteJwks.Outcome.INVALID) {
            log.warn("JWK set {} not used: {}; keeping the {} keys known", uri, reason, keysKept);
        }
    }
}
