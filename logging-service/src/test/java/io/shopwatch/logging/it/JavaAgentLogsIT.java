package io.shopwatch.logging.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.logging.it.agent.AgentLoggingMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The OpenTelemetry Java agent (the jar from Maven Central, copied to {@code target/otel} by the build) attached to a
 * small application in a child JVM, configured only with the environment variables of docs/ingestion.md: its log
 * records arrive over OTLP/HTTP (protobuf, gzip) and reach Kafka with the trace and span ids of the span they were
 * written in.
 */
@IngestIT
class JavaAgentLogsIT {

    static final Path AGENT = Path.of("target", "otel", "opentelemetry-javaagent.jar");

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @TempDir
    Path work;

    @Test
    void javaAgent_exportsLogsOverOtlpHttp_withTheTraceAndSpanIdsOfTheirSpan() throws Exception {
        assertThat(AGENT)
                .as("copied by maven-dependency-plugin at process-test-classes")
                .isRegularFile();
        String run = UUID.randomUUID().toString();
        Path ids = work.resolve("ids.txt");
        Path output = work.resolve("child.log");
        ProcessBuilder child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-javaagent:" + AGENT.toAbsolutePath(),
                        "-XX:TieredStopAtLevel=1",
                        "-Xshare:auto",
                        "-cp",
                        System.getProperty("java.class.path"),
                        AgentLoggingMain.class.getName(),
                        run,
                        ids.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        child.environment()
                .putAll(Map.ofEntries(
                        Map.entry("OTEL_SERVICE_NAME", "checkout-agent"),
                        Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port + "/api/shop-agent"),
                        Map.entry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                        Map.entry("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"),
                        Map.entry("OTEL_EXPORTER_OTLP_HEADERS", "X-API-Key=swk_agent_test_key,stream-name=Agent-Logs"),
                        Map.entry("OTEL_LOGS_EXPORTER", "otlp"),
                        Map.entry("OTEL_TRACES_EXPORTER", "none"),
                        Map.entry("OTEL_METRICS_EXPORTER", "none"),
                        // only what this application uses (java.util.logging, the API's spans): the agent starts in a
                        // third of the time it takes to prepare all its instrumentations; the export is the same
                        Map.entry("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "false"),
                        Map.entry("OTEL_INSTRUMENTATION_JAVA_UTIL_LOGGING_ENABLED", "true"),
                        Map.entry("OTEL_INSTRUMENTATION_OPENTELEMETRY_API_ENABLED", "true")));

        Process process = child.start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(ended).as("the child ended: " + log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(log).doesNotContain("Failed to export");

        String[] traceAndSpan = Files.readString(ids, StandardCharsets.UTF_8).split(" ");
        Map<String, Envelope> byBody = records(run).stream()
                .collect(Collectors.toMap(
                        e -> e.payload().get("body").asString().replace(" " + run, ""), Function.identity()));
        assertThat(byBody).containsOnlyKeys("order placed", "payment failed", "outside any span");
        assertThat(byBody.values()).allSatisfy(e -> {
            assertThat(e.org()).isEqualTo("shop-agent");
            assertThat(e.stream()).isEqualTo("agent_logs");
            assertThat(e.payload().get("service").asString()).isEqualTo("checkout-agent");
            assertThat(e.payload().get("instrumentation_library_name").asString())
                    .isEqualTo("shop.checkout");
        });
        for (String inSpan : List.of("order placed", "payment failed")) {
            assertThat(byBody.get(inSpan).payload().get("trace_id").asString()).isEqualTo(traceAndSpan[0]);
            assertThat(byBody.get(inSpan).payload().get("span_id").asString()).isEqualTo(traceAndSpan[1]);
        }
        assertThat(traceAndSpan[0]).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        // the severity number's name, as the OTLP mapping gives it (the pipeline normalises every spelling)
        assertThat(byBody.get("order placed").payload().get("level").asString()).isEqualTo("INFO");
        assertThat(byBody.get("payment failed").payload().get("level").asString())
                .isEqualTo("ERROR");
        assertThat(byBody.get("payment failed").payload().toString()).contains("gateway timed out");
        assertThat(byBody.get("outside any span").payload().get("level").asString())
                .isEqualTo("WARN");
        assertThat(byBody.get("outside any span").payload().has("trace_id")).isFalse();
    }

    private List<Envelope> records(String run) throws IOException {
        return TopicContents.read(bootstrapServers, Topics.LOGS_RAW).stream()
                .map(ConsumerRecord::value)
                .filter(e -> e.payload().path("body").asString("").endsWith(run))
                .toList();
    }
}
