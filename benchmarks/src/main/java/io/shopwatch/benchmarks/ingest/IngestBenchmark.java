package io.shopwatch.benchmarks.ingest;

import io.shopwatch.logging.events.BehaviourEventMapper;
import io.shopwatch.logging.events.EventSchemaCatalog;
import io.shopwatch.logging.events.UnknownEventTypes;
import io.shopwatch.logging.ingest.BatchParser;
import io.shopwatch.logging.ingest.MappedRecord;
import io.shopwatch.logging.ingest.RecordMapper;
import io.shopwatch.logging.ingest.StreamingRecordMapper;
import io.shopwatch.logging.logs.LogRecordMapper;
import io.shopwatch.logging.shippers.ShipperLogMapper;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * logging-service's ingest hop per record, without HTTP and Kafka: the body of a 1,000-record batch as
 * {@code POST /api/v1/logs} (or {@code /api/v1/events}) receives it → parse → check → map → the envelope's bytes, exactly
 * what the Kafka producer is handed. Scores are per record ({@code @OperationsPerInvocation(1000)}).
 *
 * <p>{@code hop} is the service's code; {@code jacksonTreeFloor} is the same run's yardstick: Jackson alone reading
 * each record into a tree and writing that tree back to bytes, with no checking and no envelope.
 *
 * <pre>{@code java -jar benchmarks/target/jmh-benchmarks.jar IngestBenchmark -prof gc}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
@State(Scope.Thread)
public class IngestBenchmark {

    static final int BATCH = 1000;
    private static final int RECORD_BYTES = 500;
    private static final String ORG = "default";

    /**
     * {@code logs}: ~500-byte log records as the local stack's bench-ingest posts them; {@code events}: add_to_cart;
     * {@code shipper_logs}: the same log records without ids, as a log shipper posts them to OpenObserve's
     * {@code _json} ({@code ShipperLogMapper}: fields kept, an id derived from each record's content).
     */
    @Param({"logs", "events", "shipper_logs"})
    public String kind;

    byte[] body;
    BatchParser parser;
    RecordMapper mapper;
    ObjectMapper json;
    Instant receivedAt;

    @Setup
    public void setUp() {
        json = JsonMapper.builder().build();
        parser = new BatchParser(json);
        Validator validator = Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()
                .getValidator();
        if (kind.equals("logs")) {
            mapper = new LogRecordMapper(validator);
            body = logs("bench", "b1", BATCH).getBytes(StandardCharsets.UTF_8);
        } else if (kind.equals("shipper_logs")) {
            mapper = new ShipperLogMapper("bench");
            body = logs("bench", "b1", BATCH)
                    .replaceAll("\\{\"id\":\"b1-[0-9]+\",", "{")
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            Map<String, String> schemas = new LinkedHashMap<>();
            for (String name : List.of("_common.json", "_generic.json", "add_to_cart.json")) {
                schemas.put(name, resource("event-schemas/" + name));
            }
            mapper = new BehaviourEventMapper(validator, EventSchemaCatalog.of(schemas, UnknownEventTypes.ACCEPT));
            body = events("b1", BATCH).getBytes(StandardCharsets.UTF_8);
        }
        receivedAt = Instant.now();
        // every record of the body must be accepted, or the benchmark measures the reject path
        int accepted = hop(new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous."));
        if (accepted != BATCH) {
            throw new IllegalStateException(accepted + " of " + BATCH + " records accepted");
        }
    }

    /**
     * The service's hop: parse the body, check and map every record into its envelope's bytes (the producer's value
     * serializer passes them through).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int hop(Blackhole bh) {
        int accepted = 0;
        for (BatchParser.Item item : parser.parse(body, BatchParser.Format.JSON, 10_000)) {
            if (mapper.map(item.node(), ORG, receivedAt) instanceof MappedRecord.Accepted ok) {
                bh.consume(ok.value());
                accepted++;
            }
        }
        return accepted;
    }

    /**
     * The hop as a JSON body of log records takes it: each record read from the parser as it comes, its
     * {@code attributes} copied byte for byte, no tree ({@code BatchParser.mapJson}). For the kinds whose mapper reads
     * trees only (events, shipper logs), the same as {@link #hop}.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int streamed(Blackhole bh) {
        if (!(mapper instanceof StreamingRecordMapper streaming)) {
            return hop(bh);
        }
        int accepted = 0;
        List<MappedRecord> records = parser.mapJson(body, 10_000, new BatchParser.Mapping() {
            @Override
            public MappedRecord read(JsonParser record, byte[] bytes) {
                return streaming.read(record, bytes, ORG, receivedAt);
            }

            @Override
            public MappedRecord map(JsonNode record) {
                return mapper.map(record, ORG, receivedAt);
            }
        });
        for (MappedRecord record : records) {
            if (record instanceof MappedRecord.Accepted ok) {
                bh.consume(ok.value());
                accepted++;
            }
        }
        return accepted;
    }

    /** Yardstick: Jackson alone, each record read into a tree and the tree written back to bytes. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jacksonTreeFloor(Blackhole bh) {
        for (BatchParser.Item item : parser.parse(body, BatchParser.Format.JSON, 10_000)) {
            JsonNode node = item.node();
            bh.consume(json.writeValueAsBytes(node));
        }
    }

    /** The records of devstack's bench-ingest: about 500 bytes each. */
    static String logs(String stream, String batchId, int size) {
        StringBuilder body = new StringBuilder(size * (RECORD_BYTES + 2)).append('[');
        String padding = "x".repeat(260);
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"id\":\"")
                    .append(batchId)
                    .append('-')
                    .append(i)
                    .append("\",\"timestamp\":\"2026-11-25T10:00:00.")
                    .append(String.format("%03d", i))
                    .append("Z\",\"level\":\"INFO\",\"service\":\"checkout\",\"stream\":\"")
                    .append(stream)
                    .append("\",\"message\":\"order placed for basket ")
                    .append(i)
                    .append("\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\"")
                    .append(",\"attributes\":{\"order_id\":\"o-")
                    .append(i)
                    .append("\",\"amount\":129.5,\"currency\":\"CNY\",\"note\":\"")
                    .append(padding)
                    .append("\"}}");
        }
        return body.append(']').toString();
    }

    /** add_to_cart events with their properties, some of them flat at the top level, and no id (generated). */
    static String events(String batchId, int size) {
        StringBuilder body = new StringBuilder(size * 300).append('[');
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"type\":\"add_to_cart\",\"session_id\":\"s-")
                    .append(batchId)
                    .append('-')
                    .append(i % 50)
                    .append("\",\"user_id\":\"u-")
                    .append(i % 37)
                    .append("\",\"timestamp\":1764064800")
                    .append(String.format("%03d", i))
                    .append(",\"page\":\"/p/")
                    .append(i)
                    .append("\",\"properties\":{\"product_id\":\"p-")
                    .append(i)
                    .append("\",\"sku\":\"sku-")
                    .append(i)
                    .append("\",\"name\":\"Green tea, 250 g tin\",\"category\":\"tea\",\"quantity\":2")
                    .append(",\"price\":19.99,\"currency\":\"CNY\",\"cart_id\":\"c-")
                    .append(i % 50)
                    .append("\"}}");
        }
        return body.append(']').toString();
    }

    private static String resource(String name) {
        try (InputStream in = IngestBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
