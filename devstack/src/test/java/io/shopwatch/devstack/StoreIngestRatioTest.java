package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What {@link StoreIngestRatio} sends to the store and what it returns, against a local HTTP server. */
class StoreIngestRatioTest {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void run_postsBatchesOfAThousandUncompressedAndReturnsTheThreeRows() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                            + exchange.getRequestHeaders().getFirst("Authorization") + " "
                            + exchange.getRequestHeaders().getFirst("Content-Encoding"));
            if (exchange.getRequestMethod().equals("POST")) {
                bodies.add(body);
            }
            byte[] answer = "{\"code\":200,\"status\":[{\"name\":\"s\",\"successful\":1000,\"failed\":0}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();

        List<String[]> rows = new StoreIngestRatio()
                .run(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "u@x", "pw", 3_000);

        assertThat(rows)
                .extracting(r -> r[0])
                .containsExactly(
                        "embedded store _json ingest", "bare DuckDB appender, same rows", "store vs bare appender");
        assertThat(rows.get(0)[1]).matches("[0-9,]+ rec/s");
        assertThat(rows.get(1)[1]).matches("[0-9,]+ rec/s");
        assertThat(rows.get(2)[1]).matches("[0-9]+\\.[0-9]{2}×");
        assertThat(bodies).hasSize(3);
        String stream = requests.get(0).split(" ")[1].split("/")[3];
        assertThat(requests)
                .containsExactly(
                        "POST /api/default/" + stream + "/_json Basic dUB4OnB3 null",
                        "POST /api/default/" + stream + "/_json Basic dUB4OnB3 null",
                        "POST /api/default/" + stream + "/_json Basic dUB4OnB3 null",
                        "DELETE /api/default/streams/" + stream + " Basic dUB4OnB3 null");
        JsonNode batch = JsonMapper.builder().build().readTree(bodies.get(0));
        assertThat(batch.size()).isEqualTo(1_000);
        assertThat(batch.get(0).get("_timestamp").isIntegralNumber()).isTrue();
        assertThat(batch.get(0).get("id").isString()).isTrue();
        assertThat(bodies.get(0).length / 1_000).isBetween(450, 550);
    }
}
