package io.shopwatch.pipeline.sampling;

import io.shopwatch.common.kafka.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of sampling by ingest budget, under {@code shopwatch.pipeline.sampling}.
 *
 * @param enabled read the published rates and apply them; false stores every record
 * @param topic where performance-service publishes the rates
 */
@ConfigurationProperties("shopwatch.pipeline.sampling")
public record SamplingProperties(Boolean enabled, String topic) {

    public SamplingProperties {
        enabled = enabled == null || enabled;
        topic = topic == null || topic.isBlank() ? Topics.SAMPLING : topic;
    }
}
