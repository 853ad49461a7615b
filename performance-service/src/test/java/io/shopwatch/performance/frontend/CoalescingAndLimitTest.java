package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Identical queries in flight reach the store once; one org cannot have more than its share in flight. */
class CoalescingAndLimitTest extends FrontendTestSupport {

    @Autowired
    QueryFrontend frontend;

    @Test
    void fiftyConcurrentIdenticalQueries_reachTheStoreOnce() throws Exception {
        String org = unique("flight");
        Instant now = Instant.now();
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(now.minusSeconds(10)), "amount", 3)));
        // a range that ends now: never cached, so only coalescing can save the store
        String body = searchBody("SELECT count(*) AS n FROM orders", micros(now.minusSeconds(600)), micros(now));
        proxy().hold(org);
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try {
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(callers.submit(() -> frontendSearch(org, body)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> frontend.coalescedWaiting() == 49);
            assertThat(proxy().count(org)).isEqualTo(1);
            proxy().release(org);

            byte[] first = answers.get(0).get().body();
            for (Future<HttpResponse<byte[]>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
                assertThat(answer.get().body()).isEqualTo(first);
            }
            assertThat(new String(first)).contains("\"n\":1");
            assertThat(proxy().count(org)).isEqualTo(1);
        } finally {
            proxy().release(org);
            callers.shutdownNow();
        }
    }

    @Test
    void oneOrgBeyondItsLimit_gets429WithRetryAfter_whileAnotherOrgIsServed() throws Exception {
        String busy = unique("busy");
        String calm = unique("calm");
        Instant now = Instant.now();
        ingest(busy, "orders", List.of(Map.of("_timestamp", micros(now.minusSeconds(10)), "amount", 3)));
        ingest(calm, "orders", List.of(Map.of("_timestamp", micros(now.minusSeconds(10)), "amount", 4)));
        proxy().hold(busy);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<byte[]>>> running = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // the test context allows 4 per org
                String body = searchBody("SELECT amount + " + i + " AS a FROM orders", 0, micros(now));
                running.add(callers.submit(() -> frontendSearch(busy, body)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> proxy().count(busy) == 4);

            HttpResponse<byte[]> refused = frontendSearch(busy, searchBody("SELECT * FROM orders", 0, micros(now)));
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

            HttpResponse<byte[]> other = frontendSearch(calm, searchBody("SELECT * FROM orders", 0, micros(now)));
            assertThat(other.statusCode()).isEqualTo(200);

            proxy().release(busy);
            for (Future<HttpResponse<byte[]>> answer : running) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
            }
        } finally {
            proxy().release(busy);
            callers.shutdownNow();
        }
    }
}
