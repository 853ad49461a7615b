package io.shopwatch.tracing.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.tracing.TracingTestBase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real OpenTelemetry Java agent (2.33.1, the jar from Maven Central copied to {@code target/otel} by the build)
 * attached to a small application in a child JVM, configured only with the environment variables of docs/tracing.md:
 * its spans arrive over OTLP/HTTP (protobuf, gzip) with their trace id and parent, and reach Kafka keyed by trace id.
 */
class JavaAgentTracesIT extends TracingTestBase {

    static final Path AGENT = Path.of("target", "otel", "opentelemetry-javaagent.jar");

    @TempDir
    Path work;

    @Test
    void javaAgent_exportsTracesOverOtlpHttp_withTraceIdsAndParents() throws Exception {
        assertThat(AGENT)
                .as("copied by maven-dependency-plugin at process-test-classes")
                .isRegularFile();
        Path ids = work.resolve("ids.txt");
        Path output = work.resolve("child.log");
        ProcessBuilder child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-javaagent:" + AGENT.toAbsolutePath(),
                        "-XX:TieredStopAtLevel=1",
                        "-Xshare:auto",
                        "-cp",
                        System.getProperty("java.class.path"),
                        AgentTracedMain.class.getName(),
                        ids.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        child.environment()
                .putAll(Map.ofEntries(
                        Map.entry("OTEL_SERVICE_NAME", "checkout-agent"),
                        // the agent appends /v1/traces
                        Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", baseUrl()),
                        Map.entry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                        Map.entry("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"),
                        Map.entry(
                                "OTEL_EXPORTER_OTLP_HEADERS",
                                "Authorization="
                                        + URLEncoder.encode("Bearer " + ingestToken(), StandardCharsets.UTF_8)
                                                .replace("+", "%20")),
                        Map.entry("OTEL_TRACES_EXPORTER", "otlp"),
                        Map.entry("OTEL_LOGS_EXPORTER", "none"),
                        Map.entry("OTEL_METRICS_EXPORTER", "none"),
                        // only the API's spans: the agent starts in a third of the time all its instrumentations take
                        Map.entry("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "false"),
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

        String[] written = Files.readString(ids, StandardCharsets.UTF_8).split(" ");
        String traceId = written[0];
        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        List<ConsumerRecord<String, Envelope>> records = spans(List.of(traceId), 2);
        assertThat(records).hasSize(2).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(traceId);
            assertThat(r.value().org()).isEqualTo(ORG);
        });
        Map<String, JsonNode> bySpan = records.stream()
                .map(r -> r.value().payload())
                .collect(Collectors.toMap(p -> p.path("span_id").asString(), Function.identity()));
        assertThat(bySpan).containsOnlyKeys(written[1], written[2]);
        JsonNode server = bySpan.get(written[1]);
        JsonNode client = bySpan.get(written[2]);
        assertThat(server.path("trace_id").asString()).isEqualTo(traceId);
        assertThat(server.path("service_name").asString()).isEqualTo("checkout-agent");
        assertThat(server.path("operation_name").asString()).isEqualTo("POST /checkout");
        assertThat(server.path("span_kind").asString()).isEqualTo("2");
        assertThat(server.has("reference_parent_span_id")).isFalse();
        assertThat(client.path("trace_id").asString()).isEqualTo(traceId);
        assertThat(client.path("reference_parent_span_id").asString()).isEqualTo(written[1]);
        assertThat(client.path("span_kind").asString()).isEqualTo("3");
        assertThat(client.path("span_status").asString()).isEqualTo("ERROR");
        assertThat(client.path("status_message").asString()).isEqualTo("card declined");
        assertThat(client.path("peer_service").asString()).isEqualTo("payment-provider");
    }
}
