package io.shopwatch.alert.notify;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the rest of the service needs to know about one channel, declared by its {@link Notifier} so that adding a
 * channel is one class: the parser, the rate limits, the renderer and the outbox read it from the
 * {@link NotifierRegistry} instead of keeping their own lists.
 *
 * @param type the integration type, the configuration key without {@code _configs}
 * @param secretSettings the settings that hold secrets (shown as {@code <secret>}, stored encrypted)
 * @param rateLimits per-robot token buckets applied before a send; empty when the channel is not limited here
 * @param digests whether a backlog for one integration goes out as one digest message
 * @param defaultLanguage the language of its texts when neither the integration nor the service sets one
 * @param sendResolvedByDefault whether {@code send_resolved} is on when the integration does not say
 */
public record ChannelTraits(
        String type,
        Set<String> secretSettings,
        List<RateLimit> rateLimits,
        boolean digests,
        String defaultLanguage,
        boolean sendResolvedByDefault) {

    /**
     * A token bucket: {@code capacity} tokens, {@code tokens} of them back every {@code period}.
     */
    public record RateLimit(long capacity, long tokens, Duration period) {

        public RateLimit {
            Objects.requireNonNull(period, "period");
        }
    }

    public ChannelTraits {
        Objects.requireNonNull(type, "type");
        secretSettings = Set.copyOf(secretSettings);
        rateLimits = List.copyOf(rateLimits);
        Objects.requireNonNull(defaultLanguage, "defaultLanguage");
    }

    /** A channel with no secrets, no limits, no digests, English texts and resolved notifications sent. */
    public static ChannelTraits of(String type) {
        return new ChannelTraits(type, Set.of(), List.of(), false, "en", true);
    }

    /** The configuration section of its integrations in a receiver ({@code dingtalk_configs}). */
    public String section() {
        return type + "_configs";
    }

    public ChannelTraits withSecrets(String... settings) {
        return new ChannelTraits(type, Set.of(settings), rateLimits, digests, defaultLanguage, sendResolvedByDefault);
    }

    public ChannelTraits withRateLimits(RateLimit... limits) {
        return new ChannelTraits(
                type, secretSettings, List.of(limits), digests, defaultLanguage, sendResolvedByDefault);
    }

    public ChannelTraits withDigests() {
        return new ChannelTraits(type, secretSettings, rateLimits, true, defaultLanguage, sendResolvedByDefault);
    }

    public ChannelTraits withDefaultLanguage(String language) {
        return new ChannelTraits(type, secretSettings, rateLimits, digests, language, sendResolvedByDefault);
    }

    public ChannelTraits withResolvedOffByDefault() {
        return new ChannelTraits(type, secretSettings, rateLimits, digests, defaultLanguage, false);
    }
}
