package io.shopwatch.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaffeineResultCacheTest extends ResultCacheContract {

    private final CaffeineResultCache cache =
            new CaffeineResultCache(10_000, Duration.ofHours(1), Ticker.systemTicker());

    @Override
    protected ResultCache cache() {
        return cache;
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
