package io.shopwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimulatorTest {

    HttpServer server;
    final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> logs = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            try (exchange) {
                JsonNode batch = JsonMapper.builder().build().readTree(exchange.getRequestBody());
                List<JsonNode> target = exchange.getRequestURI().getPath().endsWith("/events") ? events : logs;
                batch.forEach(target::add);
                byte[] body = ("{\"accepted\":" + batch.size() + ",\"rejected\":0,\"results\":[]}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void run_playsSessionsInOrder_andReportsWhatShopWatchAccepted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = StorefrontSimulator.run(
                new String[] {
                    "--url=http://127.0.0.1:" + server.getAddress().getPort(),
                    "--sessions=30",
                    "--rate=500",
                    "--speed=1000",
                    "--seed=42"
                },
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("30 sessions").contains("rejected 0").contains("dropped 0, failed 0");
        Map<String, List<String>> bySession = new LinkedHashMap<>();
        events.forEach(e -> bySession
                .computeIfAbsent(e.get("session_id").asString(), k -> new ArrayList<>())
                .add(e.get("type").asString()));
        assertThat(bySession).hasSize(30);
        bySession.values().forEach(types -> assertThat(types.get(0)).isEqualTo("page_view"));
        assertThat(printed).contains(events.size() + " events").contains(logs.size() + " log lines");
        assertThat(logs)
                .allSatisfy(l -> assertThat(l.get("trace_id").asString()).matches("[0-9a-f]{32}"));
    }

    @Test
    void run_eventsCarryTheShoppersUserAgentAndAddress_theSameThroughASession() throws Exception {
        int exit = StorefrontSimulator.run(
                new String[] {
                    "--url=http://127.0.0.1:" + server.getAddress().getPort(),
                    "--sessions=40",
                    "--rate=500",
                    "--speed=1000",
                    "--seed=7"
                },
                Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        Map<String, java.util.Set<String>> visitors = new LinkedHashMap<>();
        for (JsonNode event : events) {
            String agent = event.get("properties").get("user_agent").asString();
            String ip = event.get("properties").get("client_ip").asString();
            assertThat(Simulator.USER_AGENTS).contains(agent);
            assertThat(Simulator.CLIENT_IPS).contains(ip);
            visitors.computeIfAbsent(event.get("session_id").asString(), k -> new java.util.HashSet<>())
                    .add(agent + " " + ip);
        }
        assertThat(visitors).hasSize(40).allSatisfy((session, seen) -> assertThat(seen)
                .hasSize(1));
        assertThat(visitors.values().stream().distinct().count()).isGreaterThan(3);
    }

    @Test
    void options_comeFromArgumentsOrTheEnvironment() {
        Map<String, String> options = StorefrontSimulator.options(
                new String[] {"--sessions=5"}, Map.of("SHOPWATCH_API_KEY", "k", "SHOPWATCH_SESSIONS", "9"));

        assertThat(options).containsEntry("api-key", "k").containsEntry("sessions", "5");
        assertThat(StorefrontSimulator.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(StorefrontSimulator.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(StorefrontSimulator.duration("2m")).isEqualTo(Duration.ofMinutes(2));
    }

    /** pipeline-service's demo GeoIP CSV, which the local stack configures for the simulator's traffic. */
    private static final Path DEMO_GEOIP_CSV = Path.of("..")
            .toAbsolutePath()
            .normalize()
            .resolve("pipeline-service/src/main/resources/geoip/simulator-demo-country.csv");

    @Test
    void clientIps_areDocumentationAddresses_eachInARangeOfThePipelinesDemoCsv() throws IOException {
        List<byte[][]> ranges = new ArrayList<>();
        for (String line : Files.readAllLines(DEMO_GEOIP_CSV)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] fields = line.split(",");
                ranges.add(new byte[][] {
                    InetAddress.getByName(fields[0]).getAddress(),
                    InetAddress.getByName(fields[1]).getAddress()
                });
            }
        }
        assertThat(ranges).hasSize(5);
        for (String ip : Simulator.CLIENT_IPS) {
            byte[] address = InetAddress.getByName(ip).getAddress();
            assertThat(ip)
                    .matches("(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.\\d+|2001:db8:.*"); // RFC 5737, RFC 3849
            assertThat(ranges).as(ip).anySatisfy(range -> assertThat(Arrays.compareUnsigned(range[0], address) <= 0
                            && Arrays.compareUnsigned(address, range[1]) <= 0)
                    .isTrue());
        }
        // every network of the demo CSV is one the simulator uses
        assertThat(ranges).allSatisfy(range -> assertThat(Simulator.CLIENT_IPS).anySatisfy(ip -> {
            byte[] address = InetAddress.getByName(ip).getAddress();
            assertThat(Arrays.compareUnsigned(range[0], address) <= 0 && Arrays.compareUnsigned(address, range[1]) <= 0)
                    .isTrue();
        }));
    }
}
