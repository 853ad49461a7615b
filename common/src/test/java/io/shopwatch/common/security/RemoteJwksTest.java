package io.shopwatch.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.security.Jwks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.security.metrics.JwksFetchMetrics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * How the gateway and the services keep the JWK set: cached, refetched for a new kid at a bounded rate and once for
 * many concurrent callers, never replaced by a bad answer; every fetch counted. Against a real HTTP server that counts
 * the requests it gets.
 */
class RemoteJwksTest {

    private HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();
    /** Opened to let the server answer; open unless a test closes it. */
    private volatile CountDownLatch answer = new CountDownLatch(0);

    private final MovableClock clock = new MovableClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private RemoteJwks jwks;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            try {
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        jwks = new RemoteJwks(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json"),
                HttpClient.newHttpClient(),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                clock,
                new JwksFetchMetrics(meters));
        logged.start();
        ((Logger) LoggerFactory.getLogger(JwksFetchMetrics.class)).addAppender(logged);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(JwksFetchMetrics.class)).detachAppender(logged);
        answer.countDown();
        server.stop(0);
    }

    @Test
    void find_fetchesOnce_thenServesFromTheCache() {
        body.set(set(key("k1")));

        assertThat(jwks.find("k1")).isPresent();
        assertThat(jwks.find("k1")).isPresent();
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void find_refetchesForANewKid_atMostOncePerInterval() {
        body.set(set(key("k1")));
        jwks.find("k1");
        body.set(set(key("k1"), key("k2")));

        assertThat(jwks.find("nope")).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(jwks.find("k2")).isPresent();
        assertThat(jwks.find("nope")).isEmpty();
        assertThat(jwks.find("nope")).isEmpty();

        assertThat(fetches.get())
                .as("one initial fetch, one after the interval")
                .isEqualTo(2);
    }

    @Test
    void find_keepsTheKnownKeys_whenAFetchFails() {
        body.set(set(key("k1")));
        jwks.find("k1");
        status.set(500);
        clock.advance(Duration.ofMinutes(6));

        assertThat(jwks.find("k1")).as("stale but still usable").isPresent();
    }

    @Test
    void find_concurrentCallersWithAnUnknownKid_causeOneFetch() throws Exception {
        body.set(set(key("k1")));
        jwks.find("k1");
        clock.advance(Duration.ofSeconds(31));
        body.set(set(key("k1"), key("k2")));
        answer = new CountDownLatch(1);
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        try {
            List<Future<Optional<java.security.PublicKey>>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    synchronized (threads) {
                        threads.add(Thread.currentThread());
                    }
                    start.await();
                    entered.incrementAndGet();
                    return jwks.find("k2");
                }));
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> threadsSize(threads) == callers);
            start.countDown();
            // every caller is inside find, waiting; the server holds its answer until then
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> entered.get() == callers && fetches.get() >= 2 && allParked(threads));
            answer.countDown();

            for (Future<Optional<java.security.PublicKey>> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS)).isPresent();
            }
            assertThat(fetches.get())
                    .as("the initial fetch and one for all callers")
                    .isEqualTo(2);
            assertThat(counted(RemoteJwks.Outcome.OK)).isEqualTo(2);
        } finally {
            answer.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void find_keepsTheKeySet_whenTheAnswerIsAnEmptyKeySet() {
        body.set(set(key("k1")));
        jwks.find("k1");
        body.set("{\"keys\":[]}");
        clock.advance(Duration.ofMinutes(6));

        assertThat(jwks.refresh()).isEqualTo(RemoteJwks.Outcome.INVALID);
        assertThat(jwks.find("k1")).as("the known key survives an empty answer").isPresent();
        assertThat(counted(RemoteJwks.Outcome.INVALID)).isEqualTo(1);
        assertThat(warnings()).anySatisfy(line -> assertThat(line).contains("keeping the 1 keys known"));
    }

    @Test
    void find_keepsTheKeySet_whenTheAnswerIsNotAJwkSet() {
        body.set(set(key("k1")));
        jwks.find("k1");
        clock.advance(Duration.ofMinutes(6));

        for (String invalid : List.of("<html>maintenance</html>", "{\"keys\":\"none\"}", "{}", "")) {
            body.set(invalid);
            assertThat(jwks.refresh()).as(invalid).isEqualTo(RemoteJwks.Outcome.INVALID);
            assertThat(jwks.find("k1")).as("the known key survives " + invalid).isPresent();
        }
        assertThat(counted(RemoteJwks.Outcome.INVALID)).isEqualTo(4);
    }

    @Test
    void find_keepsTheKeySet_whenTheSetHasNoKeyWithAnId() {
        body.set(set(key("k1")));
        jwks.find("k1");
        body.set(set(key(null)));

        assertThat(jwks.refresh()).isEqualTo(RemoteJwks.Outcome.INVALID);
        assertThat(jwks.find("k1")).isPresent();
    }

    @Test
    void refresh_failedFetch_isLoggedAndCounted() {
        body.set(set(key("k1")));
        jwks.find("k1");
        status.set(503);

        assertThat(jwks.refresh()).isEqualTo(RemoteJwks.Outcome.FAILED);
        server.stop(0);
        assertThat(jwks.refresh()).as("nobody listening").isEqualTo(RemoteJwks.Outcome.FAILED);

        assertThat(counted(RemoteJwks.Outcome.FAILED)).isEqualTo(2);
        assertThat(counted(RemoteJwks.Outcome.OK)).isEqualTo(1);
        assertThat(warnings())
                .anySatisfy(line -> assertThat(line).contains("answered 503"))
                .anySatisfy(line -> assertThat(line).contains("not fetched"));
        assertThat(jwks.find("k1")).isPresent();
    }

    @Test
    void find_dropsAKey_thatANewSetNoLongerHas() {
        body.set(set(key("k1")));
        jwks.find("k1");
        body.set(set(key("k2")));
        clock.advance(Duration.ofMinutes(6));

        assertThat(jwks.find("k1")).as("k1 was rotated out").isEmpty();
        assertThat(jwks.find("k2")).isPresent();
    }

    private double counted(RemoteJwks.Outcome outcome) {
        return meters.get(JwksFetchMetrics.FETCHES)
                .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .counter()
                .count();
    }

    private List<String> warnings() {
        return logged.list.stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static int threadsSize(List<Thread> threads) {
        synchronized (threads) {
            return threads.size();
        }
    }

    private static boolean allParked(List<Thread> threads) {
        synchronized (threads) {
            return threads.stream().allMatch(thread -> EnumSet.of(
                            Thread.State.WAITING, Thread.State.TIMED_WAITING, Thread.State.BLOCKED)
                    .contains(thread.getState()));
        }
    }

    private static String key(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
            return kid == null
                    ? Jwks.json(Jwks.builder().key(key).algorithm("RS256").build())
                    : Jwks.json(
                            Jwks.builder().key(key).id(kid).algorithm("RS256").build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String set(String... keys) {
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    /** A clock this test moves. */
    static final class MovableClock extends java.time.Clock {
        private Instant now = Instant.parse("2026-11-25T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
