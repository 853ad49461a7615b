package io.shopwatch.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.performance.store.StoreAnswer;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link ResultCache} does: run by the in-memory cache and by the Redis one. */
public abstract class ResultCacheContract {

    /** A cache with nothing in it, that no other test sees. */
    protected abstract ResultCache cache();

    protected static QueryPlan plan(String key, String stream, long start, long end) {
        return new QueryPlan(key, "org", Set.of(stream), start, end, true, key);
    }

    protected static StoreAnswer answer(int bytes) {
        return new StoreAnswer(200, "application/json", new byte[bytes]);
    }

    @Test
    void get_returnsWhatWasPut_byteForByte() {
        ResultCache cache = cache();
        QueryPlan plan = plan("k", "logs", 100, 200);
        StoreAnswer answer = new StoreAnswer(200, "application/json; charset=utf-8", "{\"hits\":[1]}".getBytes());
        assertThat(cache.put(plan, answer, cache.generation(plan))).isTrue();

        StoreAnswer hit = cache.get("k").orElseThrow();
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(hit.body()).isEqualTo(answer.body());
        assertThat(cache.get("other")).isEmpty();
    }

    @Test
    void recordStored_insideTheRange_dropsTheAnswer_outsideKeepsIt() {
        ResultCache cache = cache();
        QueryPlan plan = plan("k", "logs", 100, 200);
        cache.put(plan, answer(10), cache.generation(plan));

        assertThat(cache.recordStored("org", "logs", 200)).isZero(); // end is exclusive
        assertThat(cache.recordStored("org", "logs", 99)).isZero();
        assertThat(cache.recordStored("other", "logs", 150)).isZero();
        assertThat(cache.recordStored("org", "other", 150)).isZero();
        assertThat(cache.get("k")).isPresent();

        assertThat(cache.recordStored("org", "LOGS", 100)).isEqualTo(1);
        assertThat(cache.get("k")).isEmpty();
        assertThat(cache.invalidatedCount()).isEqualTo(1);
    }

    @Test
    void put_afterARecordOfTheStreamWasStored_isRefused() {
        ResultCache cache = cache();
        QueryPlan plan = plan("k", "logs", 100, 200);
        long before = cache.generation(plan);
        cache.recordStored("org", "logs", 5_000); // outside the range, but the answer may predate it: refuse anyway
        assertThat(cache.put(plan, answer(10), before)).isFalse();
        assertThat(cache.get("k")).isEmpty();
    }

    @Test
    void streamDeleted_dropsEveryAnswerOfTheStream() {
        ResultCache cache = cache();
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
    void answerOfTwoStreams_isDroppedByARecordOfEither() {
        ResultCache cache = cache();
        QueryPlan join = new QueryPlan("j", "org", Set.of("logs", "orders"), 100, 200, true, "j");
        cache.put(join, answer(10), cache.generation(join));
        assertThat(cache.recordStored("org", "orders", 150)).isEqualTo(1);
        assertThat(cache.get("j")).isEmpty();
    }

    @Test
    void clear_dropsEverything_andRefusesAnswersComputedBefore() {
        ResultCache cache = cache();
        QueryPlan a = plan("a", "logs", 100, 200);
        cache.put(a, answer(10), cache.generation(a));
        QueryPlan b = plan("b", "logs", 300, 400);
        long before = cache.generation(b);

        cache.clear();

        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.put(b, answer(10), before)).isFalse();
    }
}
