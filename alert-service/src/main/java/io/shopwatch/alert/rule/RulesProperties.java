package io.shopwatch.alert.rule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the rule engine, under {@code shopwatch.alert.rules}.
 *
 * @param enabled whether rules are evaluated here at all
 * @param file a YAML file of rules loaded at start-up (rules as code); empty for none
 * @param queryUrl OpenObserve-compatible URL rule queries go to (the query frontend); empty for OPENOBSERVE_URL
 * @param maxRows most rows a rule query may return (dynamic)
 * @param threads threads that evaluate rules
 * @param reconcileInterval how often the leader picks up rule changes made on other replicas
 * @param defaultInterval how often a scheduled or PromQL rule that names no {@code interval} is evaluated (and the
 *     window its query reads when it names no {@code lookback}); at least one second. Dynamic: config-service can
 *     change it while the service runs (README, "Dynamic rule settings")
 * @param realtime the real-time rules' input
 * @param metrics the Prometheus HTTP API PromQL rules query (its timeout is dynamic)
 */
@ConfigurationProperties(prefix = "shopwatch.alert.rules")
public record RulesProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String file,
        @DefaultValue("") String queryUrl,
        @DefaultValue("10000") int maxRows,
        @DefaultValue("4") int threads,
        @DefaultValue("2s") Duration reconcileInterval,
        @DefaultValue Realtime realtime,
        @DefaultValue Metrics metrics,
        @DefaultValue("1m") Duration defaultInterval) {

    /** The shortest interval a rule may have. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /**
     * @throws IllegalArgumentException when {@code default-interval} is shorter than one second
     */
    public RulesProperties {
        if (maxRows < 1) {
            throw new IllegalArgumentException("shopwatch.alert.rules.max-rows must be at least 1, not " + maxRows);
        }
        if (defaultInterval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException(
                    "shopwatch.alert.rules.default-interval must be at least 1s, not " + defaultInterval);
        }
    }

    /**
     * @param url base URL of the Prometheus HTTP API at OpenObserve's paths ({@code /api/{org}/prometheus/api/v1/...}):
     *     metrics-service, the gateway or OpenObserve
     * @param token bearer token sent with every query (empty: none)
     * @param timeout one query
     */
    public record Metrics(
            @DefaultValue("http://localhost:8084") String url,
            @DefaultValue("") String token,
            @DefaultValue("30s") Duration timeout) {

        /**
         * @throws IllegalArgumentException when the timeout is not more than zero
         */
        public Metrics {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "shopwatch.alert.rules.metrics.timeout must be more than zero, not " + timeout);
            }
        }
    }

    /**
     * @param enabled whether shopwatch.stored is read
     * @param topic the topic
     * @param replay how far back a new reader starts at least
     */
    public record Realtime(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("shopwatch.stored") String topic,
            @DefaultValue("1m") Duration replay) {}
}
