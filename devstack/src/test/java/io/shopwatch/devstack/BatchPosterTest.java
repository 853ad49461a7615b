package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchPosterTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("X-API-Key") + " " + body.length);
            byte[] answer = ("{\"accepted\":" + body.length + ",\"rejected\":0}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/refused", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "{\"title\":\"Bad Request\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void postsTheBodyAsJsonWithTheHeadersAndReadsTheAnswer() throws Exception {
        byte[] body = "[{\"message\":\"é\"}]".getBytes(StandardCharsets.UTF_8);

        BatchPoster.Answer answer =
                BatchPoster.post(url("/ok"), Map.of("X-API-Key", "k1"), body, Duration.ofSeconds(10));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"accepted\":" + body.length + ",\"rejected\":0}");
        assertThat(seen).containsExactly("POST application/json k1 " + body.length);
    }

    @Test
    void anErrorAnswerComesBackWithItsBodyAndTheNextRequestStillWorks() throws Exception {
        BatchPoster.Answer refused = BatchPoster.post(
                url("/refused"), Map.of(), "[]".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
        BatchPoster.Answer accepted =
                BatchPoster.post(url("/ok"), Map.of(), "[1]".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Bad Request");
        assertThat(accepted.status()).isEqualTo(200);
    }
}
