package io.shopwatch.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** Fetching the services' documents: a timeout, a cache, one fetch for concurrent requests, reasons for absence. */
class ServiceDocumentsTest {

    private static final String DOCUMENT =
            "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{}}";

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>(DOCUMENT);
    private volatile CountDownLatch answer = new CountDownLatch(0);
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private ServiceDocuments documents;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v3/api-docs", exchange -> {
            requests.incrementAndGet();
            try {
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        documents = documents(Duration.ofSeconds(20));
    }

    /** Documents fetched with this timeout (generous by default: a cold JVM on a busy machine is slow at first). */
    private ServiceDocuments documents(Duration timeout) {
        return new ServiceDocuments(
                WebClient.builder(),
                new OpenApiProperties(
                        true,
                        OpenApiProperties.Access.PUBLIC,
                        "/v3/api-docs",
                        Map.of(),
                        timeout,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(5),
                        DataSize.ofMegabytes(1),
                        "t",
                        "1"),
                ticker);
    }

    @AfterEach
    void stop() {
        answer.countDown();
        server.stop(0);
    }

    @Test
    void get_fetchesOnce_andReusesTheDocumentUntilItExpires() {
        assertThat(documents.get(uri()).block()).isInstanceOf(ServiceDocument.Available.class);
        assertThat(documents.get(uri()).block()).isInstanceOf(ServiceDocument.Available.class);
        assertThat(requests.get()).isEqualTo(1);

        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        documents.get(uri()).block();
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void get_concurrentRequests_shareOneFetch() {
        answer = new CountDownLatch(1);
        Flux<ServiceDocument> many =
                Flux.range(0, 20).flatMap(i -> documents.get(uri())).cache();
        many.subscribe();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() >= 1);
        answer.countDown();

        List<ServiceDocument> all = many.collectList().block(Duration.ofSeconds(10));
        assertThat(all).hasSize(20).allMatch(document -> document instanceof ServiceDocument.Available);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void get_aServiceAnsweringAnError_isMissing_andAskedAgainAfterTheMissingTtl() {
        status.set(503);

        assertThat(documents.get(uri()).block()).isEqualTo(new ServiceDocument.Missing("answered 503"));
        assertThat(documents.get(uri()).block()).isInstanceOf(ServiceDocument.Missing.class);
        assertThat(requests.get()).as("not asked again within the missing ttl").isEqualTo(1);

        status.set(200);
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(documents.get(uri()).block()).isInstanceOf(ServiceDocument.Available.class);
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void get_aServiceTooSlow_isMissingAfterTheTimeout() {
        ServiceDocuments impatient = documents(Duration.ofSeconds(1));
        assertThat(impatient.get(URI.create(uri() + "?warm-up")).block()).isInstanceOf(ServiceDocument.Available.class);
        answer = new CountDownLatch(1);

        long started = System.nanoTime();
        ServiceDocument document = impatient.get(uri()).block(Duration.ofSeconds(20));

        assertThat(document).isEqualTo(new ServiceDocument.Missing("no answer within 1000 ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void get_nobodyListening_isMissing() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThat(documents
                        .get(URI.create("http://127.0.0.1:" + closed + "/v3/api-docs"))
                        .block())
                .isEqualTo(new ServiceDocument.Missing("unreachable"));
    }

    @Test
    void get_anAnswerThatIsNoOpenApiDocument_isMissing() {
        body.set("{\"service\":\"logging\"}");
        assertThat(documents.get(uri()).block())
                .isEqualTo(new ServiceDocument.Missing("the answer is not an OpenAPI document"));
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v3/api-docs");
    }
}
