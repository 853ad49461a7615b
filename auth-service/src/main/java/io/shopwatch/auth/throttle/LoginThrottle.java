package io.shopwatch.auth.throttle;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing. Per client address (in memory, per replica): at most {@code ipAttemptsPerMinute}
 * attempts a minute, and a block after {@code ipMaxFailures} failures (429 with {@code Retry-After}). Per user name (in
 * PostgreSQL, for all replicas, also for names that do not exist so that the answers do not reveal which do): a lock
 * after {@code maxFailures} consecutive failures (423 with {@code Retry-After}), which an administrator can lift.
 */
@Component
public class LoginThrottle {

    private final LoginThrottleProperties properties;
    private final LockoutRepository lockouts;
    private final Clock clock;
    private final AttemptWindows ipAttempts;
    private final AttemptWindows ipFailures;

    /** What a failed login led to. */
    public record Failure(Optional<Instant> userLockedUntil, boolean addressBlocked) {}

    public LoginThrottle(LoginThrottleProperties properties, LockoutRepository lockouts, Clock clock) {
        this.properties = properties;
        this.lockouts = lockouts;
        this.clock = clock;
        this.ipAttempts = new AttemptWindows(
                properties.ipAttemptsPerMinute(), Duration.ofMinutes(1), properties.maxTrackedAddresses());
        this.ipFailures = new AttemptWindows(
                properties.ipMaxFailures(), properties.failureWindow(), properties.maxTrackedAddresses());
    }

    /**
     * Lets an attempt through or refuses it.
     *
     * @throws RetryLaterException 429 when the address is over its limits, 423 when the user name is locked
     */
    public void checkAllowed(String username, String address) {
        Instant now = clock.instant();
        String ip = address == null ? "unknown" : address;
        Duration blocked = ipFailures.blockedFor(ip, now);
        if (blocked != null) {
            throw new RetryLaterException(
                    ProblemType.RATE_LIMITED, "too many failed logins from this address; try again later", blocked);
        }
        Duration wait = ipAttempts.tryAcquire(ip, now);
        if (wait != null) {
            throw new RetryLaterException(
                    ProblemType.RATE_LIMITED, "too many login attempts from this address; try again later", wait);
        }
        Optional<Instant> lockedUntil = lockouts.lockedUntil(username, now);
        if (lockedUntil.isPresent()) {
            throw locked(lockedUntil.get(), now);
        }
    }

    public Failure recordFailure(String username, String address) {
        Instant now = clock.instant();
        Optional<Instant> locked = lockouts.recordFailure(
                username, now, properties.failureWindow(), properties.maxFailures(), properties.lockoutDuration());
        boolean blocked = ipFailures.add(address == null ? "unknown" : address, now);
        return new Failure(locked, blocked);
    }

    public void recordSuccess(String username) {
        lockouts.clear(username);
    }

    /** Lifts a user name's lock; returns whether there was anything to lift. */
    public boolean unlock(String username) {
        return lockouts.clear(username);
    }

    public int deleteStale() {
        return lockouts.deleteStale(clock.instant(), properties.failureWindow());
    }

    /** Forgets the in-memory per-address counters. */
    public void resetAddressCounters() {
        ipAttempts.clear();
        ipFailures.clear();
    }

    /** The 423 answer for a locked user name. */
    public static RetryLaterException locked(Instant until, Instant now) {
        return new RetryLaterException(
                ProblemType.LOCKED,
                "account is locked after repeated failed logins until " + until
                        + "; try again later or ask an administrator to unlock it",
                Duration.between(now, until));
    }
}
