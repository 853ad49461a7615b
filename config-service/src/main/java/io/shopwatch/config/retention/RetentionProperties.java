package io.shopwatch.config.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The store's stream retention managed as configuration, under {@code shopwatch.config.retention}.
 *
 * @param enabled apply the {@code stream-retention} releases to the store ({@code shopwatch.openobserve.url}, with the
 *     platform credentials {@code shopwatch.openobserve.user} / {@code password})
 * @param profile the profile whose releases the store follows
 * @param reapplyInterval how often the releases in force are applied again (streams created since, settings changed by
 *     hand); zero: only when a pointer moves
 */
@ConfigurationProperties(prefix = "shopwatch.config.retention")
public record RetentionProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("default") String profile,
        @DefaultValue("10m") Duration reapplyInterval) {}
