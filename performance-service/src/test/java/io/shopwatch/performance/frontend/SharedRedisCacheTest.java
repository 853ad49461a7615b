package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.performance.cache.CaffeineResultCache;
import io.shopwatch.performance.cache.QueryPlanner;
import io.shopwatch.performance.cache.redis.RedisCacheProperties;
import io.shopwatch.performance.cache.redis.RedisResultCache;
import io.shopwatch.performance.cache.redis.RedisServer;
import io.shopwatch.performance.cache.redis.RedisTestConnections;
import io.shopwatch.performance.invalidation.CacheInvalidator;
import io.shopwatch.performance.invalidation.StoredRecordFeed;
import io.shopwatch.performance.stats.QueryStats;
import io.shopwatch.performance.store.StoreAnswer;
import io.shopwatch.performance.store.StoreForwarder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two frontend instances sharing one real redis-server, each reading {@code shopwatch.stored} with its own feed, in
 * front of the same store and counting proxy as the other frontend tests: an answer one computed is a hit on the other,
 * a late record drops it for both, and a dead Redis leaves both answering from the store.
 */
class SharedRedisCacheTest extends FrontendTestSupport {

    private final Instant now = Instant.now();
    private final List<StoredRecordFeed> feeds = new ArrayList<>();
    private RedisServer redis;
    private RedisTestConnections connections;

    private record Instance(QueryFrontend frontend, RedisResultCache cache, StoredRecordFeed feed) {}

    private Instance a;
    private Instance b;

    @BeforeEach
    void twoInstancesOnOneRedis() {
        redis = RedisServer.start();
        connections = new RedisTestConnections();
        String prefix = "shared:" + UUID.randomUUID() + ":";
        a = instance(prefix);
        b = instance(prefix);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> a.feed().live() && b.feed().live());
    }

    @AfterEach
    void stop() {
        feeds.forEach(StoredRecordFeed::stop);
        connections.close();
        redis.close();
    }

    private Instance instance(String prefix) {
        RedisCacheProperties properties = new RedisCacheProperties(
                redis.url(),
                prefix,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ZERO);
        RedisResultCache cache = connections.cache(properties, Clock.systemUTC(), new SimpleMeterRegistry());
        StoredRecordFeed feed = new StoredRecordFeed(List.of(new CacheInvalidator(cache)), kafka.getBrokersAsString());
        feed.start();
        feeds.add(feed);
        QueryFrontend frontend = new QueryFrontend(
                new StoreForwarder(proxy().url(), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                cache,
                new CaffeineResultCache(1 << 20, Duration.ofMillis(1), System::nanoTime),
                new OrgConcurrencyLimiter(4, Duration.ofSeconds(1)),
                new QueryStats(new SimpleMeterRegistry(), 10, Clock.systemUTC()),
                BASIC,
                new FrontendProperties(
                        true,
                        1 << 24,
                        Duration.ofMinutes(5),
                        Duration.ofHours(1),
                        4,
                        Duration.ofSeconds(1),
                        10,
                        Duration.ofHours(1),
                        Duration.ZERO,
                        true,
                        Duration.ofMinutes(1)),
                Clock.systemUTC(),
                feed::live);
        return new Instance(frontend, cache, feed);
    }

    private String orgWithOldRecord() throws Exception {
        String org = unique("shared");
        proxy().watch(org);
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(now.minusSeconds(7200)), "amount", 3)));
        return org;
    }

    private String countBody() {
        return searchBody(
                "SELECT count(*) AS n FROM orders", micros(now.minusSeconds(3 * 3600)), micros(now.minusSeconds(3600)));
    }

    private static StoreAnswer search(Instance instance, String org, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return instance.frontend()
                .read(new QueryFrontend.Read(
                        "POST",
                        org,
                        "/api/" + org + "/_search",
                        BASIC,
                        "application/json",
                        bytes,
                        QueryPlanner.search(org, null, bytes),
                        false));
    }

    private static String text(StoreAnswer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Test
    void answerComputedByOneInstance_isAHitOnTheOther() throws Exception {
        String org = orgWithOldRecord();
        StoreAnswer cold = search(a, org, countBody());
        int asked = proxy().count(org);
        assertThat(text(cold)).contains("\"n\":1");

        StoreAnswer warm = search(b, org, countBody());
        assertThat(proxy().count(org)).isEqualTo(asked);
        assertThat(warm.body()).isEqualTo(cold.body());
    }

    @Test
    void lateRecord_readFromTheFeedByBoth_dropsTheAnswerForBoth() throws Exception {
        String org = orgWithOldRecord();
        search(a, org, countBody());
        search(b, org, countBody());
        int asked = proxy().count(org);

        Instant late = now.minusSeconds(5400);
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(late), "amount", 4)));
        long seenA = a.feed().recordsSeen();
        long seenB = b.feed().recordsSeen();
        announceStored(org, "orders", late);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> a.feed().recordsSeen() > seenA && b.feed().recordsSeen() > seenB);
        assertThat(a.cache().invalidatedCount() + b.cache().invalidatedCount()).isPositive();

        assertThat(text(search(b, org, countBody()))).contains("\"n\":2");
        assertThat(proxy().count(org)).isGreaterThan(asked);
        int afterB = proxy().count(org);
        assertThat(text(search(a, org, countBody()))).contains("\"n\":2");
        assertThat(proxy().count(org)).isEqualTo(afterB);
    }

    @Test
    void redisKilled_bothInstancesStillAnswerFromTheStore_andCountIt() throws Exception {
        String org = orgWithOldRecord();
        StoreAnswer cold = search(a, org, countBody());
        int asked = proxy().count(org);

        redis.kill();

        StoreAnswer fromA = search(a, org, countBody());
        StoreAnswer fromB = search(b, org, countBody());
        assertThat(fromA.status()).isEqualTo(200);
        assertThat(comparable(fromA.body())).isEqualTo(comparable(cold.body()));
        assertThat(comparable(fromB.body())).isEqualTo(comparable(cold.body()));
        assertThat(proxy().count(org)).isGreaterThan(asked);
        assertThat(a.cache().errors() + a.cache().skipped()).isPositive();
        assertThat(b.cache().errors() + b.cache().skipped()).isPositive();
        assertThat(a.cache().available()).isFalse();
        assertThat(a.cache().describe()).contains("unreachable");
    }
}
