package io.shopwatch.metrics.derived;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the counters derived from stored behaviour events ({@code shopwatch.metrics.derived.*}).
 *
 * @param enabled count the stored events at all
 * @param topic the pipeline's stored feed
 * @param groupId the consumer group (one per deployment: the instances share the partitions)
 * @param eventRetention how long a counted event's id is remembered against a second copy of it
 * @param maxPollRecords records per poll, and so at most per transaction
 * @param retryBackoff wait after Kafka or PostgreSQL failed, before the batch is read again
 */
@Validated
@ConfigurationProperties("shopwatch.metrics.derived")
public record DerivedMetricsProperties(
        @DefaultValue("true") boolean enabled,
        @NotBlank @DefaultValue("shopwatch.stored") String topic,
        @NotBlank @DefaultValue("metrics-derived") String groupId,
        @NotNull @DefaultValue("7d") Duration eventRetention,
        @Min(1) @DefaultValue("500") int maxPollRecords,
        @NotNull @DefaultValue("5s") Duration retryBackoff) {}
