package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
    void run_warmsUpThenPostsRoundsOfBatchesOfAThousandUncompressed() throws Exception {
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
                .run(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "u@x", "pw", 3_000, 2);

        assertThat(rows)
                .extracting(r -> r[0])
                .containsExactly(
                        "embedded store _json ingest",
                        "bare DuckDB appender, same rows",
                        "store vs bare appender",
                        "store vs bare appender, first round (cold)");
        assertThat(rows.get(0)[1]).matches("[0-9,]+ rec/s");
        assertThat(rows.get(1)[1])
                .matches("[0-9,]+ rec/s, its rows checkpointed \\([0-9,]+ rec/s to the write-ahead log only\\)");
        assertThat(rows.get(2)[1])
                .matches("[0-9]+\\.[0-9]{2}× \\(5 rounds: ([0-9.]+×, ){4}[0-9.]+×; after 2 requests of 10"
                        + " records\\); [0-9]+\\.[0-9]{2}× against the appender's write-ahead log only");
        assertThat(rows.get(3)[1]).matches("[0-9]+\\.[0-9]{2}× \\([0-9,]+ vs [0-9,]+ rec/s\\)");
        // two small warm-up requests to a stream of their own, then six rounds (the first not counted) of three
        // batches, each to a fresh stream; the rounds' streams are deleted after the last round
        int rounds = StoreIngestRatio.ROUNDS + 1;
        assertThat(bodies).hasSize(2 + rounds * 3);
        String warmUp = requests.get(0).split(" ")[1].split("/")[3];
        assertThat(requests.subList(0, 3))
                .containsExactly(
                        "POST /api/default/" + warmUp + "/_json Basic dUB4OnB3 null",
                        "POST /api/default/" + warmUp + "/_json Basic dUB4OnB3 null",
                        "DELETE /api/default/streams/" + warmUp + " Basic dUB4OnB3 null");
        assertThat(JsonMapper.builder().build().readTree(bodies.get(0)).size()).isEqualTo(10);
        List<String> deletes = requests.subList(3 + rounds * 3, requests.size());
        assertThat(deletes).hasSize(rounds);
        for (int round = 0; round < rounds; round++) {
            List<String> roundRequests = requests.subList(3 + round * 3, 6 + round * 3);
            String stream = roundRequests.get(0).split(" ")[1].split("/")[3];
            assertThat(stream).isNotEqualTo(warmUp).endsWith("_" + round);
            assertThat(roundRequests)
                    .containsExactly(
                            "POST /api/default/" + stream + "/_json Basic dUB4OnB3 null",
                            "POST /api/default/" + stream + "/_json Basic dUB4OnB3 null",
                            "POST /api/default/" + stream + "/_json Basic dUB4OnB3 null");
            assertThat(deletes.get(round)).isEqualTo("DELETE /api/default/streams/" + stream + " Basic dUB4OnB3 null");
        }
        JsonNode batch = JsonMapper.builder().build().readTree(bodies.get(2));
        assertThat(batch.size()).isEqualTo(1_000);
        assertThat(batch.get(0).get("_timestamp").isIntegralNumber()).isTrue();
        assertThat(batch.get(0).get("id").isString()).isTrue();
        assertThat(bodies.get(2).length / 1_000).isBetween(450, 550);
    }

    @Test
    void run_deletesTheStreamsOfEveryRoundWhenARoundFails() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            boolean refused = exchange.getRequestMethod().equals("POST") && path.contains("_1/");
            byte[] answer = (refused
                            ? "{\"code\":500,\"message\":\"disk full\"}"
                            : "{\"code\":200,\"status\":[{\"name\":\"s\",\"successful\":1000,\"failed\":0}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(refused ? 500 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();

        assertThatThrownBy(() -> new StoreIngestRatio()
                        .run(
                                URI.create("http://127.0.0.1:"
                                        + server.getAddress().getPort()),
                                "u@x",
                                "pw",
                                1_000,
                                0))
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("disk full");

        List<String> deletes =
                requests.stream().filter(r -> r.startsWith("DELETE")).toList();
        assertThat(deletes).hasSize(2);
        assertThat(deletes.get(0)).endsWith("_0");
        assertThat(deletes.get(1)).endsWith("_1");
    }

    @Test
    void overall_isTheRoundsRecordsOverTheirSummedTime() {
        // 100 records at 100/s and 100 at 50/s: 200 records in 3 s
        assertThat(StoreIngestRatio.overall(new double[] {100, 50})).isCloseTo(200 / 3.0, within(1e-9));
    }
}
