package io.shopwatch.auth.throttle;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Login rate limits and lockout.
 *
 * @param maxFailures consecutive failed logins (within {@code failureWindow}) after which a user name is locked
 * @param lockoutDuration how long a user name stays locked (423)
 * @param failureWindow failures further apart than this do not add up
 * @param ipAttemptsPerMinute login attempts per client address and minute before 429
 * @param ipMaxFailures failed logins from one address within {@code failureWindow} before it is blocked (429)
 * @param maxTrackedAddresses bound of the in-memory per-address counters
 */
@Validated
@ConfigurationProperties("shopwatch.auth.login")
public record LoginThrottleProperties(
        @Min(1) int maxFailures,
        @NotNull Duration lockoutDuration,
        @NotNull Duration failureWindow,
        @Min(1) int ipAttemptsPerMinute,
        @Min(1) int ipMaxFailures,
        @Min(100) int maxTrackedAddresses) {}
