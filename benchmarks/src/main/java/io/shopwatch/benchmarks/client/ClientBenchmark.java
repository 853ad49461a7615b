package io.shopwatch.benchmarks.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.shopwatch.client.ClientStats;
import io.shopwatch.client.Event;
import io.shopwatch.client.ShopWatchClient;
import io.shopwatch.client.logback.ShopWatchAppender;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of ShopWatch to the shop: the time one log call (through Logback with {@link ShopWatchAppender}) or one
 * {@link ShopWatchClient#track} takes on the application's thread, with ShopWatch reachable, silent (takes the
 * connection, never answers) or refused (nothing listening). In the last two the queue is full before measuring
 * starts, so every measured call meets a backlog and most are dropped; the trial fails unless the drops were
 * counted. Four application threads call at once.
 *
 * <pre>{@code java -jar benchmarks/target/jmh-benchmarks.jar ClientBenchmark}</pre>
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
@Threads(4)
public class ClientBenchmark {

    private static final String SERVICE = "checkout-service";
    private static final int QUEUE = 10_000;
    /** Calls made at most to fill the queue before measuring (the sender takes batches out meanwhile). */
    private static final int FILL_LIMIT = 100 * QUEUE;

    /** ShopWatch's state and a Logback logger with the ShopWatch appender attached (and no other appender). */
    @State(Scope.Benchmark)
    public static class Appender {

        @Param({"reachable", "silent", "refused"})
        public String shopwatch;

        FakeShopWatchServer server;
        LoggerContext context;
        ShopWatchAppender appender;
        Logger logger;

        @Setup
        public void start() {
            server = FakeShopWatchServer.start(shopwatch);
            context = new LoggerContext();
            context.setMDCAdapter(new LogbackMDCAdapter());
            context.start();
            appender = new ShopWatchAppender();
            appender.setContext(context);
            appender.setUrl(server.url());
            appender.setService(SERVICE);
            appender.setQueueSize(QUEUE);
            appender.setCloseTimeoutMillis(100);
            appender.start();
            logger = context.getLogger("com.shop.checkout.OrderService");
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(appender);
            if (!shopwatch.equals("reachable")) {
                for (int i = 0; i < FILL_LIMIT && appender.getDroppedCount() == 0; i++) {
                    logger.info("backlog {}", i);
                }
                requireDrops(appender.getClient().stats(), "before measuring");
            }
        }

        @TearDown
        public void stop() throws Exception {
            ClientStats stats = appender.getClient().stats();
            report("appender", shopwatch, stats);
            if (!shopwatch.equals("reachable")) {
                requireDrops(stats, "after measuring");
            }
            appender.stop();
            context.stop();
            server.close();
        }
    }

    /** ShopWatch's state and a client for behaviour events. */
    @State(Scope.Benchmark)
    public static class Client {

        @Param({"reachable", "silent", "refused"})
        public String shopwatch;

        FakeShopWatchServer server;
        ShopWatchClient client;

        @Setup
        public void start() {
            server = FakeShopWatchServer.start(shopwatch);
            client = ShopWatchClient.builder(server.url())
                    .queueCapacity(QUEUE)
                    .closeTimeout(Duration.ofMillis(100))
                    .build();
            if (!shopwatch.equals("reachable")) {
                for (int i = 0; i < FILL_LIMIT && client.stats().dropped() == 0; i++) {
                    client.track(Event.builder("page_view", "s-backlog").build());
                }
                requireDrops(client.stats(), "before measuring");
            }
        }

        @TearDown
        public void stop() throws Exception {
            ClientStats stats = client.stats();
            report("track", shopwatch, stats);
            if (!shopwatch.equals("reachable")) {
                requireDrops(stats, "after measuring");
            }
            client.close();
            server.close();
        }
    }

    /** One shopper per application thread, and its trace context in the MDC as Micrometer Tracing puts it. */
    @State(Scope.Thread)
    public static class Request {

        String sessionId;
        String orderId;

        @Setup
        public void start(Appender shop) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            sessionId = "s-" + Long.toHexString(random.nextLong());
            orderId = "o-" + random.nextInt(1_000_000);
            shop.context.getMDCAdapter().put("traceId", hex(random, 32));
            shop.context.getMDCAdapter().put("spanId", hex(random, 16));
            shop.context.getMDCAdapter().put("order_id", orderId);
        }
    }

    /** One shopper per application thread, for the event API. */
    @State(Scope.Thread)
    public static class Shopper {

        String sessionId;
        BigDecimal price = new BigDecimal("89.90");

        @Setup
        public void start() {
            sessionId = "s-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        }
    }

    /** {@code log.info("order {} placed: {} items, {} EUR", ...)} with the trace context in the MDC. */
    @Benchmark
    public void appenderLog(Appender shop, Request request) {
        shop.logger.info("order {} placed: {} items, {} EUR", request.orderId, 3, "89.90");
    }

    /** {@code shopwatch.track(...)} of an {@code add_to_cart} event with four properties, the event built included. */
    @Benchmark
    public boolean track(Client shop, Shopper shopper) {
        return shop.client.track(Event.builder("add_to_cart", shopper.sessionId)
                .userId("u-42")
                .property("product_id", "p-1001")
                .property("quantity", 1)
                .property("price", shopper.price)
                .property("currency", "EUR")
                .build());
    }

    private static void requireDrops(ClientStats stats, String when) {
        if (stats.dropped() == 0) {
            throw new IllegalStateException("expected a full queue with drops counted " + when + ": " + stats);
        }
    }

    @SuppressWarnings("java:S106") // a benchmark prints its findings
    private static void report(String what, String shopwatch, ClientStats stats) {
        System.out.printf(
                "%n%s, ShopWatch %s: queued now %,d, dropped and counted %,d, batches sent %,d, records given up %,d%n",
                what, shopwatch, stats.queued(), stats.dropped(), stats.batches(), stats.failed());
    }

    private static String hex(ThreadLocalRandom random, int digits) {
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }
}
