package io.shopwatch.performance.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.performance.cache.QueryPlan;
import io.shopwatch.performance.cache.ResultCache;
import io.shopwatch.performance.cache.ResultCacheContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis results cache against a real redis-server: the contract every cache meets, then what sharing adds (two
 * caches on one Redis, as two frontend instances) and what an outage does.
 */
class RedisResultCacheTest extends ResultCacheContract {

    private static RedisServer server;
    private static final RedisTestConnections connections = new RedisTestConnections();

    private final String prefix = "test:" + UUID.randomUUID() + ":";
    private final AtomicLong nanos = new AtomicLong();

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        connections.close();
        server.close();
    }

    private RedisCacheProperties properties() {
        return properties(Duration.ofSeconds(5));
    }

    private RedisCacheProperties properties(Duration timeout) {
        return new RedisCacheProperties(
                server.url(), prefix, timeout, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO);
    }

    /** A cache as one frontend instance builds it, on its own connection, sharing this test's key prefix. */
    private RedisResultCache instance() {
        return instance(properties());
    }

    private RedisResultCache instance(RedisCacheProperties properties) {
        return connections.cache(
                properties,
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC),
                new SimpleMeterRegistry(),
                nanos::get);
    }

    @Override
    protected ResultCache cache() {
        return instance();
    }

    @Test
    void answerCachedByOneInstance_isAHitOnAnother() {
        RedisResultCache a = instance();
        RedisResultCache b = instance();
        QueryPlan plan = plan("k", "logs", 100, 200);
        a.put(plan, answer(10), a.generation(plan));
        assertThat(b.get("k")).isPresent();
    }

    @Test
    void recordStored_seenByEachInstance_dropsTheAnswerForBoth() {
        RedisResultCache a = instance();
        RedisResultCache b = instance();
        QueryPlan plan = plan("k", "logs", 100, 200);
        a.put(plan, answer(10), a.generation(plan));

        // every instance reads the feed: the first to see the record deletes, the other finds nothing left to delete
        assertThat(b.recordStored("org", "logs", 150)).isEqualTo(1);
        assertThat(a.recordStored("org", "logs", 150)).isZero();
        assertThat(a.get("k")).isEmpty();
        assertThat(b.get("k")).isEmpty();
    }

    @Test
    void put_reachingIntoTheFreshnessWindow_isRefused() {
        RedisResultCache cache = instance();
        long now = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli() * 1000;
        QueryPlan recent = plan("k", "logs", now - 600_000_000L, now - 60_000_000L);
        assertThat(cache.put(recent, answer(10), cache.generation(recent))).isFalse();
        assertThat(cache.get("k")).isEmpty();
    }

    @Test
    void outage_readsMiss_writesAreRefused_countedAndNothingThrows_thenAnswersAreDroppedOnRecovery() {
        RedisResultCache cache = instance();
        QueryPlan plan = plan("k", "logs", 100, 200);
        cache.put(plan, answer(10), cache.generation(plan));

        server.kill();
        try {
            assertThat(cache.get("k")).isEmpty();
            assertThat(cache.errors()).isEqualTo(1);
            assertThat(cache.available()).isFalse();
            // within the retry interval Redis is not called at all
            assertThat(cache.recordStored("org", "logs", 150)).isZero();
            QueryPlan other = plan("o", "logs", 300, 400);
            assertThat(cache.put(other, answer(10), cache.generation(other))).isFalse();
            assertThat(cache.skipped()).isEqualTo(2);
            assertThat(cache.errors()).isEqualTo(1);
        } finally {
            server.restart();
        }
        // Redis came back (empty here, but it could have kept "k": the lost invalidation clears it before any read)
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    nanos.addAndGet(Duration.ofSeconds(6).toNanos());
                    QueryPlan again = plan("again", "logs", 500, 600);
                    return cache.put(again, answer(10), cache.generation(again));
                });
        assertThat(cache.available()).isTrue();
        assertThat(cache.get("again")).isPresent();
    }

    @Test
    void invalidationLostByOneInstance_clearsEveryAnswerBeforeItsNextCall() {
        RedisResultCache a = instance(properties(Duration.ofMillis(500)));
        RedisResultCache b = instance();
        QueryPlan plan = plan("k", "logs", 100, 200);
        b.put(plan, answer(10), b.generation(plan));
        assertThat(a.get("k")).isPresent();

        // Redis stops answering for a while: a's read times out, and within its retry interval a does not send the
        // deletion of a record it reads meanwhile; the answer stays for now
        LettuceConnectionFactory admin = connections.connection(properties());
        admin.getConnection().execute("CLIENT", "PAUSE".getBytes(), "2500".getBytes(), "ALL".getBytes());
        assertThat(a.get("k")).isEmpty();
        assertThat(a.errors()).isEqualTo(1);
        assertThat(a.recordStored("org", "logs", 150)).isZero();
        assertThat(a.skipped()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            nanos.addAndGet(Duration.ofSeconds(6).toNanos());
            return b.get("k").isPresent();
        });

        assertThat(a.get("k")).isEmpty(); // a clears everything first
        assertThat(b.get("k")).isEmpty();
    }
}
