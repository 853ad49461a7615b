package io.shopwatch.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.shopwatch.alert.testing.EmbeddedStores;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.store.EmbeddedStoreServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The rule query limits hold from the next query when they change: the SQL executor asks the embedded store for the
 * rows now allowed, the PromQL executor waits for a real HTTP server as long as the timeout now in force.
 */
class RuleQueryLimitsTest {

    @Test
    void maxRows_changed_nextQueryReturnsTheNewNumberOfRows() throws Exception {
        try (EmbeddedStoreServer store = EmbeddedStores.start();
                OpenObserveClient client = new OpenObserveClient(OpenObserveClientSettings.builder(store.url())
                        .credentials(OpenObserveCredentials.basic(EmbeddedStores.USER, EmbeddedStores.PASSWORD))
                        .build())) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                records.add(Map.of("level", "error", "message", "failed " + i));
            }
            client.forOrg("limits").ingest("logs", records);
            RuleQueryLimits limits = new RuleQueryLimits(100, Duration.ofSeconds(30));
            RuleQueryExecutor executor = new OpenObserveRuleQueryExecutor(client, limits::maxRows);
            String sql = "SELECT message FROM \"logs\"";
            Instant from = Instant.now().minus(Duration.ofHours(1));
            Instant to = Instant.now().plus(Duration.ofHours(1));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> executor.query("limits", sql, from, to).size() == 6);

            limits.replace(2, Duration.ofSeconds(30));
            assertThat(executor.query("limits", sql, from, to)).hasSize(2);
            limits.replace(4, Duration.ofSeconds(30));
            assertThat(executor.query("limits", sql, from, to)).hasSize(4);
        }
    }

    @Test
    void metricsTimeout_changed_nextQueryWaitsTheNewTimeout() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        HttpServer prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newCachedThreadPool();
        prometheus.setExecutor(threads);
        prometheus.createContext("/", exchange -> {
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body =
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"a\":\"b\"},\"value\":[1765022400,\"3\"]}]}}"
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (java.io.IOException e) {
                // the caller gave up waiting
            }
        });
        prometheus.start();
        try {
            RuleQueryLimits limits = new RuleQueryLimits(100, Duration.ofMillis(200));
            PromQlQueryExecutor executor = new PrometheusApiQueryExecutor(
                    HttpClient.newHttpClient(),
                    "http://127.0.0.1:" + prometheus.getAddress().getPort(),
                    "",
                    null,
                    limits::metricsTimeout);
            // the server holds its answer: the query gives up after the timeout in force
            assertThatThrownBy(() -> executor.query("o", "up", Instant.now()))
                    .hasCauseInstanceOf(HttpTimeoutException.class);

            limits.replace(100, Duration.ofSeconds(30));
            answer.countDown();
            assertThat(executor.query("o", "up", Instant.now()))
                    .singleElement()
                    .extracting(Sample::value)
                    .isEqualTo(3.0);
            assertThatThrownBy(() -> limits.replace(0, Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> limits.replace(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThat(limits.maxRows()).isEqualTo(100);
            assertThat(limits.metricsTimeout()).isEqualTo(Duration.ofSeconds(30));
        } finally {
            answer.countDown();
            prometheus.stop(0);
            threads.shutdownNow();
        }
    }
}
