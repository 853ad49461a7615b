package io.shopwatch.performance.invalidation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the invalidation feed ({@code shopwatch.performance.invalidation.*}).
 *
 * @param enabled read {@code shopwatch.stored}; when false nothing is cached at all unless {@code trustWithoutFeed}
 * @param bootstrapServers Kafka brokers
 * @param trustWithoutFeed cache even without the feed (only where no record ever arrives late)
 */
@ConfigurationProperties("shopwatch.performance.invalidation")
public record InvalidationProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("false") boolean trustWithoutFeed) {}
