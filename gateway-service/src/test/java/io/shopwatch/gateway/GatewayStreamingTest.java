package io.shopwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A request body with a {@code Content-Length} streams through the gateway: the service receives its first bytes while
 * the client is still sending the rest (the gateway used to read every body whole first). A real service and a raw
 * client socket, so that the client can hold back the second half until the service has seen the first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayStreamingTest {

    private static final int HALF = 64 * 1024;

    /** Counted down when the service has read the first half of the body. */
    private static final CountDownLatch FIRST_HALF_SEEN = new CountDownLatch(1);

    private static final HttpServer LOGGING = logging();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add(
                "shopwatch.gateway.auth.jwks-url", () -> TestTokens.shared().jwksUrl());
        registry.add("shopwatch.gateway.auth.denied-reports.enabled", () -> "false");
        registry.add(
                "shopwatch.gateway.services.logging",
                () -> "http://127.0.0.1:" + LOGGING.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        LOGGING.stop(0);
    }

    /** Reads the first half of the body, says so, reads the rest and answers 200 with the number of bytes read. */
    private static HttpServer logging() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                try (exchange;
                        InputStream in = exchange.getRequestBody()) {
                    byte[] first = in.readNBytes(HALF);
                    FIRST_HALF_SEEN.countDown();
                    long total = first.length + in.transferTo(OutputStream.nullOutputStream());
                    byte[] answer = ("{\"read\":" + total + "}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, answer.length);
                    exchange.getResponseBody().write(answer);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void post_bodyWithContentLength_reachesTheServiceWhileTheClientIsStillSending() throws Exception {
        String token = TestTokens.shared().token("shop", "default", Role.INGEST);
        byte[] half = new byte[HALF];
        Arrays.fill(half, (byte) ' ');
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/logs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Authorization: Bearer " + token + "\r\nContent-Length: " + (2 * HALF) + "\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(half);
            out.flush();

            // the second half is sent only once the service has the first
            assertThat(FIRST_HALF_SEEN.await(20, TimeUnit.SECONDS)).isTrue();
            out.write(half);
            out.flush();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"read\":" + (2 * HALF) + "}");
        }
    }
}
