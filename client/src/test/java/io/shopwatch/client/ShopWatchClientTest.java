package io.shopwatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ShopWatchClientTest {

    static final String LOGS = "/api/v1/logs";
    static final String EVENTS = "/api/v1/events";
    static final Duration WAIT = Duration.ofSeconds(10);

    final FakeShopWatch server = new FakeShopWatch();
    final List<ShopWatchClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown() {
        clients.forEach(ShopWatchClient::close);
        server.close();
    }

    ShopWatchClient.Builder client() {
        return ShopWatchClient.builder(server.url())
                .apiKey("sk-test-123")
                .initialBackoff(Duration.ofMillis(20))
                .maxRetryWait(Duration.ofMillis(200));
    }

    ShopWatchClient started(ShopWatchClient.Builder builder) {
        ShopWatchClient c = builder.build();
        clients.add(c);
        return c;
    }

    static List<LogEntry> entries(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> LogEntry.of("INFO", "cart-service", "line " + i))
                .toList();
    }

    @Test
    void queuedLogs_areSentInFullBatches_thenTheRestOnFlush_withTheApiKey() throws Exception {
        ShopWatchClient c = started(
                client().batchSize(10).flushInterval(Duration.ofMinutes(5)).org("acme"));

        entries(25).forEach(e -> assertThat(c.log(e)).isTrue());

        await().atMost(WAIT).until(() -> server.received(LOGS).size() == 2);
        assertThat(server.received(LOGS))
                .extracting(FakeShopWatch.Received::records)
                .containsExactly(10, 10);
        assertThat(c.flush(WAIT)).isTrue();
        assertThat(server.received(LOGS))
                .extracting(FakeShopWatch.Received::records)
                .containsExactly(10, 10, 5);
        assertThat(server.received()).allSatisfy(r -> {
            assertThat(r.header("X-API-Key")).isEqualTo("sk-test-123");
            assertThat(r.header("X-ShopWatch-Org")).isEqualTo("acme");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
        });
        assertThat(server.records(LOGS))
                .extracting(r -> r.get("message").asString())
                .containsExactlyElementsOf(
                        IntStream.range(0, 25).mapToObj(i -> "line " + i).toList());
        assertThat(c.stats()).isEqualTo(new ClientStats(0, 25, 0, 0, 0, 3, 0));
    }

    @Test
    void aPartialBatch_isSentWhenTheFlushIntervalPasses() {
        ShopWatchClient c = started(client().batchSize(100).flushInterval(Duration.ofMillis(200)));

        c.log(LogEntry.of("INFO", "s", "alone"));

        await().atMost(WAIT).until(() -> server.received(LOGS).size() == 1);
        assertThat(server.received(LOGS).get(0).records()).isEqualTo(1);
    }

    @Test
    void recordsAreWrittenInTheWireFormat() throws Exception {
        ShopWatchClient c = started(client());
        Instant at = Instant.parse("2026-11-25T10:00:00.123Z");

        c.sendLogs(List.of(LogEntry.builder("ERROR", "checkout-service", "payment timed out")
                .id("log-1")
                .timestamp(at)
                .trace("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")
                .stream("checkout")
                .attribute("order_id", "o-1")
                .attribute("attempts", 3)
                .attribute("tags", List.of("a", "b"))
                .build()));
        c.sendEvents(List.of(Event.builder("add_to_cart", "sess-1")
                .id("ev-1")
                .userId("u-1")
                .timestamp(at)
                .property("product_id", "p-42")
                .property("price", 19.99)
                .property("quantity", 2)
                .build()));

        JsonNode log = server.records(LOGS).get(0);
        assertThat(log.toString())
                .isEqualTo("{\"id\":\"log-1\",\"timestamp\":\"2026-11-25T10:00:00.123Z\",\"level\":\"ERROR\","
                        + "\"service\":\"checkout-service\",\"message\":\"payment timed out\","
                        + "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\","
                        + "\"stream\":\"checkout\",\"attributes\":{\"order_id\":\"o-1\",\"attempts\":3,"
                        + "\"tags\":[\"a\",\"b\"]}}");
        JsonNode event = server.records(EVENTS).get(0);
        assertThat(event.toString())
                .isEqualTo("{\"id\":\"ev-1\",\"type\":\"add_to_cart\",\"session_id\":\"sess-1\",\"user_id\":\"u-1\","
                        + "\"timestamp\":\"2026-11-25T10:00:00.123Z\",\"properties\":{\"product_id\":\"p-42\","
                        + "\"price\":19.99,\"quantity\":2}}");
    }

    @Test
    void sendLogs_returnsThePerRecordAnswer_andCountsRejects() throws Exception {
        server.thenAnswer(r -> FakeShopWatch.Answer.of(
                200,
                "{\"accepted\":1,\"rejected\":1,\"results\":[{\"index\":1,\"status\":\"rejected\","
                        + "\"code\":\"invalid_field\",\"reason\":\"/level: must not be blank\"}]}"));
        ShopWatchClient c = started(client());

        IngestResult result = c.sendLogs(entries(2));

        assertThat(result.accepted()).isEqualTo(1);
        assertThat(result.rejected()).isEqualTo(1);
        assertThat(result.results().get(0))
                .isEqualTo(new IngestResult.RecordResult(
                        1, null, "rejected", "invalid_field", "/level: must not be blank"));
        assertThat(c.stats().rejected()).isEqualTo(1);
    }

    @Test
    void a503_isRetriedAfterRetryAfter_withTheSameRecordIds() throws Exception {
        server.thenAnswer(r -> new FakeShopWatch.Answer(503, Map.of("Retry-After", "1"), "{}"));
        ShopWatchClient c = started(client().maxRetryWait(Duration.ofSeconds(5)));

        IngestResult result = c.sendLogs(entries(3));

        assertThat(result.accepted()).isEqualTo(3);
        List<FakeShopWatch.Received> requests = server.received(LOGS);
        assertThat(requests).hasSize(2);
        Duration waited =
                Duration.ofNanos(requests.get(1).atNanos() - requests.get(0).atNanos());
        assertThat(waited).as("honours Retry-After: 1").isBetween(Duration.ofMillis(950), Duration.ofSeconds(4));
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        assertThat(c.stats().retries()).isEqualTo(1);
    }

    @Test
    void retryAfter_isCappedAtMaxRetryWait() throws Exception {
        server.thenAnswer(r -> new FakeShopWatch.Answer(503, Map.of("Retry-After", "3600"), "{}"));
        ShopWatchClient c = started(client().maxRetryWait(Duration.ofMillis(300)));

        long start = System.nanoTime();
        c.sendLogs(entries(1));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(server.received(LOGS)).hasSize(2);
    }

    @Test
    void retries_areBounded_andThenTheBatchFails() {
        server.byDefault(r -> FakeShopWatch.Answer.of(503, "{}"));
        ShopWatchClient c = started(client().maxAttempts(3));

        ShopWatchClientException e = catchThrowableOfType(ShopWatchClientException.class, () -> c.sendLogs(entries(2)));

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.getMessage()).contains("after 3 attempts");
        assertThat(server.received(LOGS)).hasSize(3);
    }

    @Test
    void aRefusedBatch_isNotRetried() {
        server.byDefault(r -> FakeShopWatch.Answer.of(
                400, "{\"type\":\"https://shopwatch.io/problems/malformed-body\",\"status\":400}"));
        ShopWatchClient c = started(client());

        ShopWatchClientException e = catchThrowableOfType(ShopWatchClientException.class, () -> c.sendLogs(entries(1)));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("malformed-body");
        assertThat(server.received(LOGS)).hasSize(1);
    }

    @Test
    void a413_splitsTheBatchInHalves() throws Exception {
        server.byDefault(
                r -> r.records() > 2 ? FakeShopWatch.Answer.of(413, "{\"status\":413}") : FakeShopWatch.acceptAll(r));
        ShopWatchClient c = started(client());

        IngestResult result = c.sendLogs(entries(4));

        assertThat(result.accepted()).isEqualTo(4);
        assertThat(server.received(LOGS))
                .extracting(FakeShopWatch.Received::records)
                .containsExactly(4, 2, 2);
    }

    @Test
    void anUnreachableServer_isRetriedThenReportedWithStatusZero() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ShopWatchClient c = started(ShopWatchClient.builder("http://127.0.0.1:" + closedPort)
                .maxAttempts(2)
                .initialBackoff(Duration.ofMillis(10)));

        ShopWatchClientException e = catchThrowableOfType(ShopWatchClientException.class, () -> c.sendLogs(entries(1)));

        assertThat(e.status()).isZero();
        assertThat(c.stats().retries()).isEqualTo(1);
    }

    @Test
    void logSupplier_fullQueue_dropsAndCountsWithoutMakingTheRecord() {
        server.holdRequests();
        ShopWatchClient c = started(client().batchSize(1).queueCapacity(2).flushInterval(Duration.ofMinutes(5)));
        c.log(LogEntry.of("INFO", "cart-service", "first"));
        await().atMost(WAIT).until(() -> server.received(LOGS).size() == 1);
        AtomicInteger made = new AtomicInteger();

        List<Boolean> queued = IntStream.range(0, 5)
                .mapToObj(i -> c.log(() -> {
                    made.incrementAndGet();
                    return LogEntry.of("INFO", "cart-service", "burst " + i);
                }))
                .toList();

        assertThat(queued).containsExactly(true, true, false, false, false);
        assertThat(made).hasValue(2);
        assertThat(c.stats().dropped()).isEqualTo(3);
        assertThat(c.stats().queued()).isEqualTo(2);
        server.release();
    }

    @Test
    void aFullQueue_dropsAndCounts_withoutBlocking_andTheDropsAreReportedToShopWatch() throws Exception {
        server.holdRequests();
        ShopWatchClient c = started(client().batchSize(1)
                .queueCapacity(5)
                .flushInterval(Duration.ofMinutes(5))
                .reportDropsAs("cart-service"));
        c.log(LogEntry.of("INFO", "cart-service", "first"));
        await().atMost(WAIT).until(() -> server.received(LOGS).size() == 1);

        long start = System.nanoTime();
        int taken = 0;
        for (int i = 0; i < 15; i++) {
            if (c.log(LogEntry.of("INFO", "cart-service", "burst " + i))) {
                taken++;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("log() never waits for the server").isLessThan(Duration.ofSeconds(1));
        assertThat(taken).isEqualTo(5);
        assertThat(c.stats().dropped()).isEqualTo(10);
        assertThat(c.stats().queued()).isEqualTo(5);

        server.release();
        assertThat(c.flush(WAIT)).isTrue();
        List<JsonNode> records = server.records(LOGS);
        assertThat(records).hasSize(1 + 1 + 5);
        JsonNode report = records.get(1);
        assertThat(report.get("level").asString()).isEqualTo("WARN");
        assertThat(report.get("service").asString()).isEqualTo("cart-service");
        assertThat(report.get("attributes").get("dropped_logs").asLong()).isEqualTo(10);
        assertThat(c.stats().accepted()).isEqualTo(7);
    }

    @Test
    void close_sendsWhatIsQueued_andLaterRecordsAreDropped() {
        ShopWatchClient c =
                client().batchSize(100).flushInterval(Duration.ofMinutes(5)).build();
        entries(3).forEach(c::log);
        c.track(Event.builder("page_view", "s-1").property("url", "/").build());

        c.close();

        assertThat(server.records(LOGS)).hasSize(3);
        assertThat(server.records(EVENTS)).hasSize(1);
        assertThat(c.log(LogEntry.of("INFO", "s", "too late"))).isFalse();
        assertThat(c.stats().dropped()).isEqualTo(1);
    }

    @Test
    void gzip_compressesTheBody() throws Exception {
        ShopWatchClient c = started(client().gzip(true));

        c.sendLogs(entries(2));

        assertThat(server.received(LOGS).get(0).header("Content-Encoding")).isEqualTo("gzip");
        assertThat(server.records(LOGS)).hasSize(2);
    }

    @Test
    void retryAfter_acceptsSecondsAndHttpDates() {
        assertThat(RetryPolicy.parseRetryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("soon")).isEmpty();
    }
}
