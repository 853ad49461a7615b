package io.shopwatch.tracing.red;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.tracing.TestClock;
import io.shopwatch.tracing.TracingTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/** RED figures of closed minutes reach {@code shopwatch.metrics.raw} as metrics-service's sample envelopes. */
class RedMetricsWriterTest extends TracingTestBase {

    private static final String TRACE = "5b8efff798038103d269b633813fc60c";

    @Autowired
    KafkaTemplate<String, byte[]> template;

    private static Map<String, Object> span(
            String trace, String id, String parent, String service, String operation, long micros, String status) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("trace_id", trace);
        row.put("span_id", id);
        if (parent != null) {
            row.put("reference_parent_span_id", parent);
        }
        row.put("service_name", service);
        row.put("operation_name", operation);
        row.put("span_kind", "2");
        row.put("span_status", status);
        row.put("duration", micros);
        return row;
    }

    /** checkout (120 ms) calls payment (80 ms, failing); another payment call (3 ms) from a trace not seen whole. */
    @Test
    void writeClosedMinutes_labelsEverySampleWithTheInstance_soThatInstancesKeepApartIds() {
        TestClock clock = new TestClock();
        List<RedMetricsWriter.Keyed> fromA = new ArrayList<>();
        List<RedMetricsWriter.Keyed> fromB = new ArrayList<>();
        for (var target : List.of(fromA, fromB)) {
            SpanMetrics metrics = new SpanMetrics(clock, Duration.ofHours(1), Duration.ofSeconds(10), 1000);
            observe(metrics, "shop-x");
            clock.advance(Duration.ofMinutes(1));
            new RedMetricsWriter(metrics, target::addAll, target == fromA ? "a" : "b").writeClosedMinutes();
            clock.advance(Duration.ofMinutes(-1));
        }

        assertThat(fromA).hasSize(84).allSatisfy(k -> assertThat(
                        k.envelope().payload().path("labels").path("instance").asString())
                .isEqualTo("a"));
        assertThat(fromB.get(0)
                        .envelope()
                        .payload()
                        .path("labels")
                        .path("instance")
                        .asString())
                .isEqualTo("b");
        assertThat(fromA.stream().map(k -> k.envelope().id()))
                .as("the same series and minute of two instances are two records, not a duplicate")
                .doesNotContainAnyElementsOf(
                        fromB.stream().map(k -> k.envelope().id()).toList());
    }

    private static void observe(SpanMetrics metrics, String org) {
        metrics.observe(
                org,
                List.of(
                        span(TRACE, "00000000000000a1", null, "checkout", "POST /checkout", 120_000, "OK"),
                        span(TRACE, "00000000000000b2", "00000000000000a1", "payment", "charge", 80_000, "ERROR"),
                        span(
                                "0af7651916cd43dd8448eb211c80319c",
                                "00000000000000c3",
                                "00000000000000ff",
                                "payment",
                                "charge",
                                3_000,
                                "UNSET")));
    }

    @Test
    void writeClosedMinutes_sendsEachClosedMinuteOnce_asMetricEnvelopesWithExactFigures() {
        String org = "red-" + UUID.randomUUID().toString().substring(0, 8);
        TestClock clock = new TestClock();
        SpanMetrics metrics = new SpanMetrics(clock, Duration.ofHours(1), Duration.ofSeconds(10), 1000);
        RedMetricsWriter writer = new RedMetricsWriter(metrics, new KafkaRedSink(template, Duration.ofSeconds(10)));
        observe(metrics, org);

        assertThat(writer.writeClosedMinutes())
                .as("the minute is still counting")
                .isZero();
        clock.advance(Duration.ofMinutes(1));
        int written = writer.writeClosedMinutes();
        clock.advance(Duration.ofMinutes(1));
        assertThat(writer.writeClosedMinutes()).as("nothing new").isZero();

        // 2 operations × (calls, errors, 17 buckets, sum, count) + 2 edges × (requests, failed, 17 buckets, sum, count)
        assertThat(written).isEqualTo(2 * 21 + 2 * 21);
        List<Envelope> envelopes = metricEnvelopes(org, written);
        assertThat(envelopes).hasSize(written);
        Map<String, Double> values = new TreeMap<>();
        for (Envelope e : envelopes) {
            assertThat(e.type()).isEqualTo(TelemetryType.METRIC);
            assertThat(e.stream()).isEqualTo(e.payload().path("name").asString());
            assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
            Map<String, String> labels = new TreeMap<>();
            e.payload()
                    .path("labels")
                    .properties()
                    .forEach(l -> labels.put(l.getKey(), l.getValue().asString()));
            values.put(e.stream() + labels, e.payload().path("value").asDouble());
        }
        String payment = "{operation=charge, service=payment}";
        assertThat(values)
                .containsEntry("traces_span_calls" + payment, 2.0)
                .containsEntry("traces_span_errors" + payment, 1.0)
                .containsEntry("traces_span_calls{operation=POST /checkout, service=checkout}", 1.0)
                .containsEntry("traces_span_errors{operation=POST /checkout, service=checkout}", 0.0)
                .containsEntry("traces_span_duration_ms_bucket{le=2, operation=charge, service=payment}", 0.0)
                .containsEntry("traces_span_duration_ms_bucket{le=4, operation=charge, service=payment}", 1.0)
                .containsEntry("traces_span_duration_ms_bucket{le=50, operation=charge, service=payment}", 1.0)
                .containsEntry("traces_span_duration_ms_bucket{le=100, operation=charge, service=payment}", 2.0)
                .containsEntry("traces_span_duration_ms_bucket{le=+Inf, operation=charge, service=payment}", 2.0)
                .containsEntry("traces_span_duration_ms_sum" + payment, 83.0)
                .containsEntry("traces_span_duration_ms_count" + payment, 2.0)
                .containsEntry("traces_service_graph_requests{client=checkout, server=payment}", 1.0)
                .containsEntry("traces_service_graph_failed_requests{client=checkout, server=payment}", 1.0)
                .containsEntry(
                        "traces_service_graph_requests{client=user, connection_type=virtual_node, server=checkout}",
                        1.0)
                .containsEntry(
                        "traces_service_graph_request_duration_ms_bucket{client=checkout, le=50, server=payment}", 0.0)
                .containsEntry(
                        "traces_service_graph_request_duration_ms_bucket{client=checkout, le=100, server=payment}", 1.0)
                .containsEntry(
                        "traces_service_graph_request_duration_ms_bucket{client=checkout, le=+Inf, server=payment}",
                        1.0)
                .containsEntry("traces_service_graph_request_duration_ms_sum{client=checkout, server=payment}", 80.0)
                .containsEntry("traces_service_graph_request_duration_ms_count{client=checkout, server=payment}", 1.0)
                .containsEntry(
                        "traces_service_graph_request_duration_ms_bucket"
                                + "{client=user, connection_type=virtual_node, le=200, server=checkout}",
                        1.0);
        assertThat(envelopes.get(0).payload().path("kind").asString()).isIn("GAUGE", "HISTOGRAM");
    }

    @Test
    void writeClosedMinutes_offersTheSameMinutesAgain_whenTheSinkFails() {
        TestClock clock = new TestClock();
        SpanMetrics metrics = new SpanMetrics(clock, Duration.ofHours(1), Duration.ofSeconds(10), 1000);
        List<List<String>> offered = new ArrayList<>();
        boolean[] fail = {true};
        RedMetricsWriter writer = new RedMetricsWriter(metrics, envelopes -> {
            offered.add(envelopes.stream().map(k -> k.envelope().id()).toList());
            if (fail[0]) {
                throw new IllegalStateException("broker down");
            }
        });
        observe(metrics, "shop-x");
        clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(writer::writeClosedMinutes).hasMessage("broker down");
        fail[0] = false;

        assertThat(writer.writeClosedMinutes()).isEqualTo(84);
        assertThat(writer.writeClosedMinutes()).isZero();
        assertThat(offered).hasSize(2);
        assertThat(offered.get(1))
                .as("the same series and minute keep their ids, for the pipeline's de-duplication")
                .containsExactlyInAnyOrderElementsOf(offered.get(0))
                .doesNotHaveDuplicates();
    }
}
