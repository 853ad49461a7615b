package io.shopwatch.benchmarks.pipeline;

import io.shopwatch.pipeline.record.DocumentJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writing a stored document (a flat log record of about 500 bytes after the stages, as the pipeline stores it):
 * {@link DocumentJson#write}, which writes the bytes itself, against Jackson's ObjectMapper writing the same map, in
 * the same run. Both give the same bytes (DocumentJsonTest).
 *
 * <pre>{@code java -jar benchmarks/target/jmh-benchmarks.jar DocumentJsonBenchmark}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xms256m", "-Xmx256m"})
@State(Scope.Thread)
public class DocumentJsonBenchmark {

    private static final int DOCUMENTS = 1_000;
    private final ObjectMapper mapper = JsonMapper.builder().build();
    private List<Map<String, Object>> documents;

    @Setup(Level.Trial)
    public void setUp() {
        documents = new ArrayList<>(DOCUMENTS);
        String padding = "x".repeat(260);
        for (int i = 0; i < DOCUMENTS; i++) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("id", UUID.randomUUID().toString());
            document.put("_timestamp", 1_795_608_000_000_000L + i);
            document.put("level", "INFO");
            document.put("service", "checkout");
            document.put("message", "order placed for basket " + i + " – 已付款");
            document.put("attributes_order_id", "o-" + i);
            document.put("attributes_amount", 129.5);
            document.put("attributes_currency", "CNY");
            document.put("attributes_note", padding);
            document.put("order_amount_band", "50-200");
            document.put("sampled", true);
            documents.add(document);
        }
    }

    @Benchmark
    @OperationsPerInvocation(DOCUMENTS)
    public void documentJson(Blackhole bh) {
        for (Map<String, Object> document : documents) {
            bh.consume(DocumentJson.write(document));
        }
    }

    @Benchmark
    @OperationsPerInvocation(DOCUMENTS)
    public void objectMapper(Blackhole bh) {
        for (Map<String, Object> document : documents) {
            bh.consume(mapper.writeValueAsBytes(document));
        }
    }
}
