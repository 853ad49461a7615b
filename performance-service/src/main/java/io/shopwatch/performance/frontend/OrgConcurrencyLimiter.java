package io.shopwatch.performance.frontend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most N store queries per org in flight: one org's heavy dashboards cannot take every connection to the store.
 * Cache hits and callers waiting for an identical query take no permit. Beyond the limit the caller gets 429 with
 * {@code Retry-After}. The orgs' semaphores are kept for an hour after their last use (at most 10,000 orgs).
 */
public final class OrgConcurrencyLimiter {

    private final int permitsPerOrg;
    private final Duration retryAfter;
    private final Cache<String, Semaphore> semaphores;

    public OrgConcurrencyLimiter(int permitsPerOrg, Duration retryAfter) {
        this.permitsPerOrg = permitsPerOrg;
        this.retryAfter = retryAfter;
        this.semaphores = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterAccess(Duration.ofHours(1))
                .build();
    }

    /** Runs the store query under one of the org's permits, or refuses it with 429. */
    public <T> T run(String org, Supplier<T> query) {
        Semaphore semaphore = semaphores.get(org, o -> new Semaphore(permitsPerOrg));
        if (!semaphore.tryAcquire()) {
            throw new RetryLaterException(
                    ProblemType.RATE_LIMITED,
                    "org " + org + " has " + permitsPerOrg + " queries running; try again later",
                    retryAfter);
        }
        try {
            return query.get();
        } finally {
            semaphore.release();
        }
    }

    /** Store queries of an org in flight now. */
    public int inFlight(String org) {
        Semaphore semaphore = semaphores.getIfPresent(org);
        return semaphore == null ? 0 : permitsPerOrg - semaphore.availablePermits();
    }
}
