package io.shopwatch.alert.notify.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbound client applies the address policy on every connection, redirects included. */
class OutboundHttpTest {

    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            hits.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"errcode\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/to-ip", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/ok");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.createContext("/to-metadata", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/limited", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static OutboundHttp.Response post(OutboundHttp http, String url) throws DeliveryException {
        return http.post(
                URI.create(url),
                "application/json",
                "{}".getBytes(StandardCharsets.UTF_8),
                Map.of(),
                Duration.ofSeconds(5));
    }

    @Test
    void internalAddresses_areRefusedUnlessAllowListed() throws Exception {
        try (OutboundHttp strict = new OutboundHttp(new OutboundUrlPolicy(List.of()))) {
            assertThatThrownBy(() -> post(strict, "http://127.0.0.1:" + port() + "/ok"))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("internal address 127.0.0.1");
                    });
        }
        assertThat(hits).hasValue(0);
        try (OutboundHttp cidr = new OutboundHttp(new OutboundUrlPolicy(List.of("127.0.0.0/8")))) {
            OutboundHttp.Response r = post(cidr, "http://127.0.0.1:" + port() + "/ok");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"errcode\":0}");
        }
        assertThat(hits).hasValue(1);
    }

    @Test
    void redirects_areCheckedHopByHop() throws Exception {
        // the host name is allowed, the address it redirects to is not
        try (OutboundHttp byName = new OutboundHttp(new OutboundUrlPolicy(List.of("localhost")))) {
            assertThatThrownBy(() -> post(byName, "http://localhost:" + port() + "/to-ip"))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("internal address 127.0.0.1");
        }
        assertThat(hits).hasValue(0);
        try (OutboundHttp local = new OutboundHttp(new OutboundUrlPolicy(List.of("127.0.0.1")))) {
            assertThatThrownBy(() -> post(local, "http://127.0.0.1:" + port() + "/to-metadata"))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("169.254.169.254");
            assertThat(post(local, "http://127.0.0.1:" + port() + "/to-ip").status())
                    .isEqualTo(200);
        }
        assertThat(hits).hasValue(1);
    }

    @Test
    void retryAfter_isReadFromTheAnswer() throws Exception {
        try (OutboundHttp http = new OutboundHttp(new OutboundUrlPolicy(List.of("127.0.0.1")))) {
            OutboundHttp.Response r = post(http, "http://127.0.0.1:" + port() + "/limited");
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.retryAfter()).contains(Duration.ofSeconds(7));
        }
    }
}
