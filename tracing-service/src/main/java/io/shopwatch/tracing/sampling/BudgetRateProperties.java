package io.shopwatch.tracing.sampling;

import io.shopwatch.common.kafka.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ingest budget's say in tail sampling ({@code shopwatch.tracing.sampling.budget.*}): performance-service publishes
 * a rate below 1 for a traces stream over its budget; the probabilistic share of the org's traces is multiplied by it.
 *
 * @param enabled read the published rates; false: the policies alone decide
 * @param topic where performance-service publishes the rates
 * @param rateMaxAge a rate not published again for this long expires (as in the pipeline)
 */
@ConfigurationProperties("shopwatch.tracing.sampling.budget")
public record BudgetRateProperties(Boolean enabled, String topic, Duration rateMaxAge) {

    public BudgetRateProperties {
        enabled = enabled == null || enabled;
        topic = topic == null || topic.isBlank() ? Topics.SAMPLING : topic;
        rateMaxAge = rateMaxAge == null ? Duration.ofMinutes(1) : rateMaxAge;
    }
}
