package io.shopwatch.config.bind;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dry-run bind before a publish ({@code shopwatch.config.dry-run.*}).
 *
 * @param enabled ask running instances whether a candidate binds before publishing it
 * @param timeout how long one instance may take to answer (the instances are asked at once)
 * @param maxInstances how many instances are asked at most, the most recently acknowledged first
 * @param liveWithin instances whose last acknowledgement is older are not asked
 */
@ConfigurationProperties("shopwatch.config.dry-run")
public record DryRunProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("3") int maxInstances,
        @DefaultValue("7d") Duration liveWithin) {}
