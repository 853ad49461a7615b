package io.shopwatch.alert.notify.channel;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.ChannelTraits.RateLimit;
import io.shopwatch.alert.notify.DeliveryException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-robot token buckets, so that a burst of notifications is spread out here instead of being refused by the
 * provider (DingTalk blocks a robot that sends more than 20 messages a minute for ten minutes). Before a send the
 * notifier takes one token per message; without one, {@link #acquire} throws a retryable {@link DeliveryException}
 * whose {@code retryAfter} is the time until enough tokens are back, so the caller re-queues the notification for then
 * instead of dropping it. When a provider itself asks to wait ({@link #backOff}), the robot is held back locally for
 * that long.
 *
 * <p>Limits per robot are each channel's {@link ChannelTraits#rateLimits()} (DingTalk and WeCom 20 a minute; Feishu 100
 * a minute and 5 a second; Slack 1 a second with bursts of 3). Channels without any are not limited here. A robot is keyed by its type and the SHA-256 of its URL, so the
 * access token in the URL is never kept or logged. Time comes from the injected clock.
 */
public final class ChannelRateLimits {

    /** A robot unused this long has all its tokens back, so forgetting its bucket changes nothing. */
    private static final Duration IDLE = Duration.ofMinutes(2);

    private final Clock clock;
    private final TimeMeter meter;
    private final Map<String, Robot> robots = new ConcurrentHashMap<>();
    private volatile Instant lastPrune = Instant.MIN;

    private static final class Robot {
        final Bucket bucket;
        volatile Instant lastUsed;
        volatile Instant heldUntil = Instant.MIN;

        Robot(Bucket bucket, Instant now) {
            this.bucket = bucket;
            this.lastUsed = now;
        }
    }

    public ChannelRateLimits(Clock clock) {
        this.clock = clock;
        this.meter = new ClockTimeMeter(clock);
    }

    /** Whether sends of this channel are limited here. */
    public static boolean limits(ChannelTraits channel) {
        return !channel.rateLimits().isEmpty();
    }

    /**
     * Takes one token per message about to be sent to a robot.
     *
     * @throws DeliveryException retryable, with the wait until the tokens are there, when the robot is out of them or
     *     held back after the provider asked to wait
     */
    public void acquire(ChannelTraits channel, String url, int messages) throws DeliveryException {
        if (!limits(channel)) {
            return;
        }
        String type = channel.type();
        Instant now = clock.instant();
        prune(now);
        Robot robot = robots.computeIfAbsent(key(type, url), k -> new Robot(bucket(channel.rateLimits()), now));
        robot.lastUsed = now;
        Instant heldUntil = robot.heldUntil;
        if (now.isBefore(heldUntil)) {
            throw limited(type, Duration.between(now, heldUntil), "the provider asked to wait");
        }
        ConsumptionProbe probe = robot.bucket.tryConsumeAndReturnRemaining(messages);
        if (!probe.isConsumed()) {
            long nanos = probe.getNanosToWaitForRefill();
            Duration wait = Duration.ofMillis((nanos + 999_999) / 1_000_000);
            throw limited(type, wait, "no token left");
        }
    }

    /** The posts of one send, each of which may fail with a {@link DeliveryException}. */
    @FunctionalInterface
    public interface Posts {
        void run() throws DeliveryException;
    }

    /**
     * The shared part of a chat robot's send: takes one token per message, runs the posts, and holds the robot back
     * when the provider asked to wait ({@link #acquire}, then {@link #backOff} on failure).
     */
    public void send(ChannelTraits channel, String url, int messages, Posts posts) throws DeliveryException {
        acquire(channel, url, messages);
        try {
            posts.run();
        } catch (DeliveryException e) {
            backOff(channel, url, e);
            throw e;
        }
    }

    /** Holds a robot back after its provider answered with a wait (rate-limit code, {@code Retry-After}). */
    public void backOff(ChannelTraits channel, String url, DeliveryException failure) {
        if (!failure.retryable() || failure.retryAfter().isEmpty() || !limits(channel)) {
            return;
        }
        String type = channel.type();
        Instant now = clock.instant();
        Instant until = now.plus(failure.retryAfter().get());
        Robot robot = robots.computeIfAbsent(key(type, url), k -> new Robot(bucket(channel.rateLimits()), now));
        robot.lastUsed = now;
        if (until.isAfter(robot.heldUntil)) {
            robot.heldUntil = until;
        }
    }

    private static DeliveryException limited(String type, Duration wait, String why) {
        return new DeliveryException(
                type + " robot rate limited locally (" + why + "), next send in " + wait.toMillis() + " ms",
                true,
                0,
                wait,
                null);
    }

    private Bucket bucket(List<RateLimit> limits) {
        LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(meter);
        limits.forEach(l -> builder.addLimit(perPeriod(l.capacity(), l.tokens(), l.period())));
        return builder.build();
    }

    private void prune(Instant now) {
        if (Duration.between(lastPrune, now).compareTo(IDLE) < 0) {
            return;
        }
        lastPrune = now;
        robots.values().removeIf(r -> r.lastUsed.plus(IDLE).isBefore(now) && !r.heldUntil.isAfter(now));
    }

    /** The bucket key: the type and the URL's SHA-256, never the URL (it carries the robot's token). */
    static String key(String type, String url) {
        return type + ":" + sha256Hex(url);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Bandwidth perPeriod(long capacity, long tokens, Duration period) {
        return Bandwidth.builder()
                .capacity(capacity)
                .refillGreedy(tokens, period)
                .initialTokens(capacity)
                .build();
    }

    /** Bucket4j's time from a {@link Clock}, so that tests move time by hand. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
