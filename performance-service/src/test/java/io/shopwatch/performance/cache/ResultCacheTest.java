package io.shopwatch.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.shopwatch.performance.store.StoreAnswer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResultCacheTest {

    private final ResultCache cache = new ResultCache(10_000, Duration.ofHours(1), Ticker.systemTicker());

    private static QueryPlan plan(String key, String stream, long start, long end) {
        return new QueryPlan(key, "org", Set.of(stream), start, end, true, key);
    }

    private static StoreAnswer answer(int bytes) {
        return new StoreAnswer(200, "application/json", new byte[bytes]);
    }

    @Test
    void recordStored_insideTheRange_dropsTheAnswer_outsideKeepsIt() {
        QueryPlan plan = plan("k", "logs", 100, 200);
        cache.put(plan, answer(10), cache.generation(plan));

        assertThat(cache.recordStored("org", "logs", 200)).isZero(); // end is exclusive
        assertThat(cache.recordStored("org", "logs", 99)).isZero();
        assertThat(cache.recordStored("other", "logs", 150)).isZero();
        assertThat(cache.recordStored("org", "other", 150)).isZero();
        assertThat(cache.get("k")).isPresent();

        assertThat(cache.recordStored("org", "LOGS", 100)).isEqualTo(1);
        assertThat(cache.get("k")).isEmpty();
    }

    @Test
    void put_afterARecordOfTheStreamWasStored_isRefused() {
        QueryPlan plan = plan("k", "logs", 100, 200);
        long before = cache.generation(plan);
        cache.recordStored("org", "logs", 5_000); // outside the range, but the answer may predate it: refuse anyway
        assertThat(cache.put(plan, answer(10), before)).isFalse();
        assertThat(cache.get("k")).isEmpty();
    }

    @Test
    void streamDeleted_dropsEveryAnswerOfTheStream() {
        QueryPlan a = plan("a", "logs", 100, 200);
        QueryPlan b = plan("b", "logs", 300, 400);
        QueryPlan c = plan("c", "other", 100, 200);
        cache.put(a, answer(10), cache.generation(a));
        cache.put(b, answer(10), cache.generation(b));
        cache.put(c, answer(10), cache.generation(c));

        assertThat(cache.streamDeleted("org", "logs")).isEqualTo(2);
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("c")).isPresent();
    }

    @Test
    void cache_isBoundedByBytes() {
        for (int i = 0; i < 50; i++) {
            QueryPlan plan = plan("k" + i, "logs", 100, 200);
            cache.put(plan, answer(1_000), cache.generation(plan));
        }
        cache.get("k0"); // runs pending maintenance
        assertThat(cache.weightedBytes()).isLessThanOrEqualTo(10_000);
        assertThat(cache.size()).isLessThan(50);
    }
}
