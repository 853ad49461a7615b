package io.shopwatch.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.SearchResult;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.pipeline.dedup.Deduplicator;
import io.shopwatch.pipeline.flow.BatchProcessor;
import io.shopwatch.pipeline.flow.PipelineStats;
import io.shopwatch.pipeline.flow.StageChain;
import io.shopwatch.pipeline.quality.PiiMasker;
import io.shopwatch.pipeline.quality.RequiredFieldsCheck;
import io.shopwatch.pipeline.quality.TimestampSanityCheck;
import io.shopwatch.pipeline.record.EnvelopeReader;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import io.shopwatch.pipeline.transform.TimestampTransformer;
import io.shopwatch.store.EmbeddedStoreServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metric samples as metrics-service writes them to {@code shopwatch.metrics.raw} go through the pipeline's stages and
 * sink into the real embedded store, and are stored in OpenObserve's metrics layout: one stream per metric, the labels
 * as fields, {@code __name__}, {@code value}, {@code _timestamp}; no record id, which would be a label.
 */
class MetricsToStoreTest {

    private static final String USER = "metrics@example.com";
    private static final String PASSWORD = "metrics-secret";
    private static EmbeddedStoreServer store;
    private static OpenObserveClient client;

    @BeforeAll
    static void startStore() throws IOException {
        store = EmbeddedStoreServer.start(Files.createTempDirectory("metrics-store"), USER, PASSWORD, 0);
        client = new OpenObserveClient(OpenObserveClientSettings.builder(store.url())
                .basicAuth(USER, PASSWORD)
                .build());
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    /** An envelope exactly as metrics-service's SampleEnvelopes writes it. */
    private static byte[] envelope(
            String id, String org, String name, String labels, double value, String kind, long micros) {
        String json = "{\"id\":\"" + id + "\",\"org\":\"" + org + "\",\"stream\":\"" + name
                + "\",\"type\":\"METRIC\",\"timestamp\":" + micros + ",\"payload\":{\"name\":\"" + name
                + "\",\"labels\":" + labels + ",\"value\":" + value + ",\"kind\":\"" + kind + "\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void metricEnvelopes_storedInOpenObserveMetricsLayout_searchable() {
        String org = "metrics_layout";
        long micros = Instant.now().minusSeconds(60).toEpochMilli() * 1000;
        EnvelopeReader reader = new EnvelopeReader(3);
        List<PipelineRecord> records = new ArrayList<>();
        int offset = 0;
        for (byte[] raw : List.of(
                envelope(
                        "a1",
                        org,
                        "shop_orders_total",
                        "{\"channel\":\"web\",\"kind\":\"retail\"}",
                        12.0,
                        "COUNTER",
                        micros),
                envelope(
                        "a2",
                        org,
                        "shop_orders_total",
                        "{\"channel\":\"app\",\"kind\":\"retail\"}",
                        3.0,
                        "COUNTER",
                        micros),
                envelope(
                        "b1",
                        org,
                        "shop_latency_seconds_bucket",
                        "{\"channel\":\"web\",\"le\":\"0.5\"}",
                        2.0,
                        "HISTOGRAM",
                        micros),
                envelope(
                        "b2",
                        org,
                        "shop_latency_seconds_bucket",
                        "{\"channel\":\"web\",\"le\":\"+Inf\"}",
                        8.0,
                        "HISTOGRAM",
                        micros),
                envelope("b3", org, "shop_latency_seconds_sum", "{\"channel\":\"web\"}", 8.25, "HISTOGRAM", micros),
                envelope("b4", org, "shop_latency_seconds_count", "{\"channel\":\"web\"}", 8.0, "HISTOGRAM", micros))) {
            records.add(reader.read(raw, new PipelineRecord.Source(Topics.METRICS_RAW, 0, offset++)));
        }
        Clock clock = Clock.systemUTC();
        StageChain chain = new StageChain(
                List.of(
                        new FlattenTransformer(3),
                        new TimestampTransformer(),
                        new RequiredFieldsCheck(Map.of()),
                        new TimestampSanityCheck(clock, Duration.ofHours(5), Duration.ofHours(24)),
                        new PiiMasker((kind, n) -> {})),
                List.of("flatten", "timestamp", "required_fields", "timestamp_sanity", "pii_mask"),
                Map.of());
        BatchProcessor processor = new BatchProcessor(
                chain,
                new Deduplicator(1000, Duration.ofMinutes(10), Ticker.systemTicker()),
                new OpenObserveSink(client),
                new PipelineStats(new SimpleMeterRegistry()));
        List<PipelineRecord> stored = new ArrayList<>();
        List<PipelineRecord> rejected = new ArrayList<>();

        processor.process(records, r -> false, new BatchProcessor.Outlet() {
            @Override
            public void stored(List<PipelineRecord> batch) {
                stored.addAll(batch);
            }

            @Override
            public void rejected(List<PipelineRecord> batch) {
                rejected.addAll(batch);
            }
        });

        assertThat(rejected).isEmpty();
        assertThat(stored).hasSize(6);
        List<Map<String, Object>> orders = rows(org, "SELECT * FROM \"shop_orders_total\" ORDER BY channel", 2);
        assertThat(orders.get(0))
                .containsEntry("__name__", "shop_orders_total")
                .containsEntry("channel", "app")
                .containsEntry("kind", "retail")
                .containsEntry("value", 3.0)
                .containsEntry("_timestamp", micros)
                .doesNotContainKeys("id", "name", "labels_channel", "__type__");
        assertThat(orders.get(1)).containsEntry("channel", "web").containsEntry("value", 12.0);
        // one series per label set: the two rows have different series hashes, no per-record label
        assertThat(orders.get(0).get("__hash__")).isNotEqualTo(orders.get(1).get("__hash__"));

        List<Map<String, Object>> buckets =
                rows(org, "SELECT le, value FROM \"shop_latency_seconds_bucket\" ORDER BY value", 2);
        assertThat(buckets).extracting(r -> r.get("le") + "=" + r.get("value")).containsExactly("0.5=2.0", "+Inf=8.0");
        assertThat(rows(org, "SELECT value FROM \"shop_latency_seconds_sum\"", 1)
                        .get(0))
                .containsEntry("value", 8.25);
        assertThat(rows(org, "SELECT value FROM \"shop_latency_seconds_count\"", 1)
                        .get(0))
                .containsEntry("value", 8.0);
    }

    private static List<Map<String, Object>> rows(String org, String sql, int expected) {
        long now = Instant.now().toEpochMilli() * 1000;
        SearchResult result = await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(
                        () -> client.forOrg(org)
                                .search(SearchRequest.sql(sql)
                                        .range(now - 3_600_000_000L, now + 1)
                                        .type(StreamType.METRICS)
                                        .build()),
                        r -> r.hits().size() >= expected);
        return result.hits();
    }
}
