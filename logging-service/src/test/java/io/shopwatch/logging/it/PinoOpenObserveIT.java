package io.shopwatch.logging.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.Topics;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real Node.js service logging with pino through OpenObserve's own transport, {@code @openobserve/pino-openobserve}
 * from the npm registry (the project in {@code src/test/node/pino-openobserve}, installed with {@code npm ci} from its
 * lock file): the library posts its NDJSON batch to {@code _multi} with Basic authentication, and every line reaches
 * Kafka with its fields. Skipped only where {@code node} or {@code npm} is not installed.
 *
 * <p>The Basic password is an API key, as the library is configured in production; the gateway exchanges it for an
 * access token (its own tests), and this context runs without token checks, so the key here is not checked.
 */
@IngestIT
class PinoOpenObserveIT {

    private static final Path PROJECT = Path.of("src", "test", "node", "pino-openobserve");
    private static final Path WORK = Path.of("target", "node", "pino-openobserve");

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @BeforeAll
    static void installTheProject() throws IOException, InterruptedException {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are not installed");
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "ship.js")) {
            Files.copy(PROJECT.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Run install =
                run(WORK, Map.of(), "npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error");
        assertThat(install.exitCode()).as(install.output()).isZero();
    }

    @Test
    void pinoLogger_shipsThroughTheOpenObserveTransport_andEveryLineReachesKafkaWithItsFields() throws Exception {
        String run = UUID.randomUUID().toString();
        Instant before = Instant.now();

        Run ship = run(
                WORK,
                Map.of(
                        "SHOPWATCH_URL", "http://127.0.0.1:" + port,
                        "SHOPWATCH_ORG", "shop-node",
                        "SHOPWATCH_STREAM", "Storefront-Node",
                        "SHOPWATCH_API_KEY", "swk_pino_test_key",
                        "RUN", run),
                "node",
                "ship.js");

        // the library prints the server's answer when it was a 2xx, an error otherwise
        assertThat(ship.exitCode()).as(ship.output()).isZero();
        assertThat(ship.output()).contains("successful: 4").doesNotContain("Failed to send logs");
        Map<String, Envelope> byMessage = TopicContents.read(bootstrapServers, Topics.LOGS_RAW).stream()
                .map(ConsumerRecord::value)
                .filter(e -> e.payload().path("run").asString("").equals(run))
                .collect(Collectors.toMap(e -> e.payload().get("msg").asString(), Function.identity()));
        assertThat(byMessage)
                .containsOnlyKeys(
                        "order placed",
                        "card 4111111111111111 declined, call 13812345678",
                        "checkout failed",
                        "stock reserved");
        assertThat(byMessage.values()).allSatisfy(e -> {
            assertThat(e.org()).isEqualTo("shop-node");
            assertThat(e.stream()).isEqualTo("storefront_node");
            assertThat(e.timestamp()).isBetween(before.minusSeconds(1), Instant.now());
            assertThat(e.timestamp().toEpochMilli())
                    .isEqualTo(e.payload().get("time").asLong());
            assertThat(e.payload().get("pid").isNumber()).isTrue();
            assertThat(e.payload().get("hostname").asString()).isNotBlank();
            assertThat(e.payload().get("service").asString()).isEqualTo("storefront_node");
            assertThat(e.id()).hasSize(32);
        });

        Envelope order = byMessage.get("order placed");
        assertThat(order.payload().get("level").asString()).isEqualTo("info");
        assertThat(order.payload().get("orderId").asString()).isEqualTo("o-1");
        assertThat(order.payload().get("cart").get("items").asInt()).isEqualTo(3);
        assertThat(order.payload().get("cart").get("total").asDouble()).isEqualTo(42.5);
        assertThat(byMessage
                        .get("card 4111111111111111 declined, call 13812345678")
                        .payload()
                        .get("level")
                        .asString())
                .isEqualTo("warn");
        Envelope failed = byMessage.get("checkout failed");
        assertThat(failed.payload().get("level").asString()).isEqualTo("error");
        assertThat(failed.payload().get("err").get("type").asString()).isEqualTo("Error");
        assertThat(failed.payload().get("err").get("message").asString()).isEqualTo("payment gateway timed out");
        assertThat(failed.payload().get("err").get("stack").asString()).contains("ship.js");
        assertThat(byMessage.get("stock reserved").payload().get("module").asString())
                .isEqualTo("inventory");
    }

    private record Run(int exitCode, String output) {}

    private static Run run(Path directory, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        File log = Files.createTempFile("node-run", ".log").toFile();
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log);
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 120 s: "
                        + Files.readString(log.toPath(), StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log.toPath());
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
