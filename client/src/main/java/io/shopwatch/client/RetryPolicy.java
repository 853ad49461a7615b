package io.shopwatch.client;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before sending a batch again: on 429, 5xx and network errors, at most
 * {@code maxAttempts} sends in all; waiting what the server's Retry-After says (capped at {@code maxWait}), else an
 * exponential backoff with full jitter between {@code initialBackoff} and {@code maxWait}.
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxWait) {

    static boolean retryable(int status) {
        return status == 429 || status == 408 || status >= 500;
    }

    /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed. */
    Duration backoff(int attempt, Optional<String> retryAfter) {
        Optional<Duration> told = retryAfter.flatMap(RetryPolicy::parseRetryAfter);
        if (told.isPresent()) {
            return min(told.get(), maxWait);
        }
        long ceiling = Math.min(
                maxWait.toMillis(), initialBackoff.toMillis() * (1L << Math.min(20, Math.max(0, attempt - 1))));
        long jittered = ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
        return Duration.ofMillis(jittered);
    }

    /** Retry-After as delta-seconds or an HTTP date (RFC 9110). */
    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
