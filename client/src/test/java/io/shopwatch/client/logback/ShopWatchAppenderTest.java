package io.shopwatch.client.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import io.shopwatch.client.FakeShopWatch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ShopWatchAppenderTest {

    static final String LOGS = "/api/v1/logs";
    static final Duration WAIT = Duration.ofSeconds(10);

    final FakeShopWatch server = new FakeShopWatch();
    final LoggerContext context = new LoggerContext();
    final ShopWatchAppender appender = new ShopWatchAppender();

    Logger logger(String name) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        appender.setContext(context);
        appender.setUrl(server.url());
        appender.setApiKey("sk-logback");
        appender.setService("checkout-service");
        appender.start();
        Logger logger = context.getLogger(name);
        logger.addAppender(appender);
        logger.setAdditive(false);
        return logger;
    }

    @AfterEach
    void tearDown() {
        appender.stop();
        context.stop();
        server.close();
    }

    @Test
    void logEvents_reachShopWatch_withLevelTraceMdcAndStackTrace() {
        appender.setFlushIntervalMillis(100);
        Logger log = logger("com.shop.checkout.PaymentService");
        context.getMDCAdapter().put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        context.getMDCAdapter().put("spanId", "00f067aa0ba902b7");
        context.getMDCAdapter().put("order_id", "o-1");

        log.info("order {} placed", "o-1");
        log.error("payment failed", new IllegalStateException("provider timed out"));
        context.getLogger("io.shopwatch.client.ShopWatchClient").warn("never shipped: the client's own log");

        await().atMost(WAIT).until(() -> server.records(LOGS).size() >= 2);
        List<JsonNode> records = server.records(LOGS);
        assertThat(records).hasSize(2);
        JsonNode info = records.get(0);
        assertThat(info.get("level").asString()).isEqualTo("INFO");
        assertThat(info.get("service").asString()).isEqualTo("checkout-service");
        assertThat(info.get("message").asString()).isEqualTo("order o-1 placed");
        assertThat(info.get("trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(info.get("span_id").asString()).isEqualTo("00f067aa0ba902b7");
        assertThat(info.get("id").asString()).isNotBlank();
        assertThat(info.get("attributes").get("logger").asString()).isEqualTo("com.shop.checkout.PaymentService");
        assertThat(info.get("attributes").get("order_id").asString()).isEqualTo("o-1");
        assertThat(info.get("attributes").has("traceId")).isFalse();
        JsonNode error = records.get(1);
        assertThat(error.get("level").asString()).isEqualTo("ERROR");
        assertThat(error.get("attributes").get("exception_class").asString())
                .isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("attributes").get("stack_trace").asString())
                .contains("provider timed out")
                .contains("ShopWatchAppenderTest");
        assertThat(server.received(LOGS).get(0).header("X-API-Key")).isEqualTo("sk-logback");
    }

    @Test
    void aFullQueue_dropsInsteadOfBlockingTheApplication_andReportsTheDrops() {
        server.holdRequests();
        appender.setQueueSize(10);
        appender.setBatchSize(1);
        appender.setFlushIntervalMillis(60_000);
        Logger log = logger("com.shop.cart.CartService");
        log.info("first");
        await().atMost(WAIT).until(() -> server.received(LOGS).size() == 1);

        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            log.info("burst {}", i);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("1,000 log calls against a stuck server").isLessThan(Duration.ofSeconds(1));
        assertThat(appender.getDroppedCount()).isEqualTo(990);
        assertThat(context.getStatusManager().getCopyOfStatusList()).anySatisfy(s -> {
            assertThat(s.getLevel()).isEqualTo(Status.WARN);
            assertThat(s.getMessage()).contains("queue is full");
        });

        server.release();
        await().atMost(WAIT).until(() -> server.records(LOGS).stream()
                .anyMatch(r -> r.get("message").asString().contains("dropped 990 log records")));
        JsonNode report = server.records(LOGS).stream()
                .filter(r -> r.get("message").asString().contains("dropped"))
                .findFirst()
                .orElseThrow();
        assertThat(report.get("level").asString()).isEqualTo("WARN");
        assertThat(report.get("service").asString()).isEqualTo("checkout-service");
        assertThat(report.get("attributes").get("dropped_logs").asLong()).isEqualTo(990);
    }

    @Test
    void aFullQueue_dropsWithoutFormattingTheMessage() {
        server.holdRequests();
        appender.setQueueSize(10);
        appender.setBatchSize(1);
        appender.setFlushIntervalMillis(60_000);
        Logger log = logger("com.shop.cart.CartService");
        log.info("first");
        await().atMost(WAIT).until(() -> server.received(LOGS).size() == 1);
        AtomicInteger formatted = new AtomicInteger();
        Object argument = new Object() {
            @Override
            public String toString() {
                formatted.incrementAndGet();
                return "cart-1";
            }
        };

        for (int i = 0; i < 100; i++) {
            log.info("cart {} updated", argument);
        }

        assertThat(appender.getDroppedCount()).isEqualTo(90);
        assertThat(formatted).as("messages formatted: only those queued").hasValue(10);
        server.release();
    }

    @Test
    void stop_flushesWhatIsQueued() {
        appender.setFlushIntervalMillis(60_000);
        Logger log = logger("com.shop.Catalog");
        log.warn("slow query");
        log.warn("slower query");

        appender.stop();

        assertThat(server.records(LOGS))
                .extracting(r -> r.get("message").asString())
                .containsExactly("slow query", "slower query");
    }
}
