package io.shopwatch.benchmarks.ingest;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a reader of {@code shopwatch.stored} pays per record, for a stored log line of about 500 bytes as
 * {@code bench-ingest} sends: the whole envelope as a tree (what every reader did), the header and the few payload
 * fields the ingest meter reads, and the events-only reader on a log line (what the derived counters now do for every
 * record that is not an event).
 *
 * <p>{@code java -jar benchmarks/target/jmh-benchmarks.jar StoredFeedReadBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoredFeedReadBenchmark {

    private final byte[] record =
            ("{\"id\":\"0b5d6c1e-9a53-4c1e-a7f7-6f0d7c9b1a22\",\"org\":\"default\",\"stream\":\"bench\","
                            + "\"type\":\"LOG\",\"timestamp\":1764065730123456,\"payload\":{\"_timestamp\":1764065730123456,"
                            + "\"level\":\"info\",\"service\":\"checkout\",\"message\":\"order placed for cart 4711 with 3 items\","
                            + "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\","
                            + "\"order_id\":\"o-123456\",\"amount\":129.5,\"currency\":\"CNY\",\"host\":\"web-3\","
                            + "\"user_agent_family\":\"Chrome\",\"geo_country\":\"CN\",\"note\":\""
                            + "x".repeat(160) + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);

    private final Deserializer<Envelope> full = new EnvelopeSerde().deserializer();
    private final Deserializer<Envelope> meterFields = EnvelopeSerde.partialDeserializer(
            Set.of("level", "severity_text", "severity", "status_code", "status", "http_status", "http_status_code"));
    private final Deserializer<Envelope> eventsOnly = EnvelopeSerde.deserializerOf(Set.of(TelemetryType.EVENT));

    @Benchmark
    public Envelope wholeEnvelope() {
        return full.deserialize("t", record);
    }

    @Benchmark
    public Envelope headerAndMeterFields() {
        return meterFields.deserialize("t", record);
    }

    @Benchmark
    public Envelope eventsOnly_onALogLine() {
        return eventsOnly.deserialize("t", record);
    }
}
