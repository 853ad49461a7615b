package io.shopwatch.pipeline.sampling;

import io.shopwatch.common.kafka.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of sampling by ingest budget, under {@code shopwatch.pipeline.sampling}.
 *
 * @param enabled read the published rates and apply them; false stores every record
 * @param topic where performance-service publishes the rates
 * @param rateMaxAge a rate not published again for this long expires (the stream is stored whole again);
 *     performance-service publishes every rate below 1 again each budget interval (10 s by default)
 */
@ConfigurationProperties("shopwatch.pipeline.sampling")
public record SamplingProperties(Boolean enabled, String topic, Duration rateMaxAge) {

    public SamplingProperties {
        enabled = enabled == null || enabled;
        topic = topic == null || topic.isBlank() ? Topics.SAMPLING : topic;
        rateMaxAge = rateMaxAge == null ? Duration.ofMinutes(1) : rateMaxAge;
    }
}
