package io.shopwatch.tracing.red;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.tracing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanMetricsTest {

    final TestClock clock = new TestClock();
    final SpanMetrics metrics = new SpanMetrics(clock, Duration.ofHours(1), Duration.ofSeconds(10), 10_000);

    static Map<String, Object> span(
            String trace,
            String id,
            String parent,
            String service,
            String op,
            int kind,
            long ms,
            boolean error,
            Object... attributes) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("trace_id", trace);
        row.put("span_id", id);
        if (parent != null) {
            row.put("reference_parent_span_id", parent);
        }
        row.put("service_name", service);
        row.put("operation_name", op);
        row.put("span_kind", Integer.toString(kind));
        row.put("span_status", error ? "ERROR" : "UNSET");
        row.put("duration", ms * 1000);
        for (int i = 0; i < attributes.length; i += 2) {
            row.put((String) attributes[i], attributes[i + 1]);
        }
        return row;
    }

    /** frontend → checkout → payment → PostgreSQL (not instrumented), each service exporting on its own. */
    void sendTrace(String trace, boolean paymentFails) {
        metrics.observe(
                "shop",
                List.of(
                        span(trace, "p1", "c2", "payment", "POST /pay", 2, 60, paymentFails),
                        span(
                                trace,
                                "p2",
                                "p1",
                                "payment",
                                "INSERT payments",
                                3,
                                20,
                                false,
                                "db_system",
                                "postgresql")));
        metrics.observe(
                "shop",
                List.of(
                        span(trace, "c1", "f2", "checkout", "POST /checkout", 2, 80, false),
                        span(trace, "c2", "c1", "checkout", "call payment", 3, 70, paymentFails)));
        metrics.observe(
                "shop",
                List.of(
                        span(trace, "f1", null, "frontend", "GET /buy", 2, 100, false),
                        span(trace, "f2", "f1", "frontend", "call checkout", 3, 90, false)));
    }

    @Test
    void serviceMap_ofAThreeServiceTree_withAnUninstrumentedDatabase() {
        for (int i = 0; i < 10; i++) {
            sendTrace("t" + i, i < 2);
        }
        clock.advance(Duration.ofSeconds(11));
        Instant now = clock.instant();

        SpanMetrics.ServiceMap map = metrics.serviceMap("shop", now.minus(Duration.ofMinutes(5)), now);

        assertThat(map.edges())
                .extracting(e -> e.client() + "->" + e.server() + ":" + e.connectionType())
                .containsExactly(
                        "checkout->payment:",
                        "frontend->checkout:",
                        "payment->postgresql:database",
                        "user->frontend:virtual_node");
        assertThat(map.edges()).allSatisfy(e -> assertThat(e.requests()).isEqualTo(10));
        SpanMetrics.EdgeStats toPayment = map.edges().get(0);
        assertThat(toPayment.errors()).isEqualTo(2);
        assertThat(toPayment.errorRate()).isEqualTo(0.2);
        assertThat(toPayment.p50()).isBetween(50.0, 100.0);
        assertThat(map.nodes())
                .extracting(n -> n.name() + (n.virtual() ? "*" : ""))
                .containsExactly("checkout", "frontend", "payment", "postgresql*", "user*");
        assertThat(metrics.serviceMap("other", now.minus(Duration.ofMinutes(5)), now)
                        .edges())
                .isEmpty();
    }

    @Test
    void red_perServiceAndOperation_perStep() {
        for (int i = 0; i < 10; i++) {
            sendTrace("t" + i, i < 2);
        }
        Instant now = clock.instant();

        List<SpanMetrics.Series> series = metrics.red(
                "shop",
                "payment",
                "POST /pay",
                now.minus(Duration.ofMinutes(2)),
                now.plus(Duration.ofMinutes(1)),
                Duration.ofMinutes(1));

        assertThat(series).hasSize(1);
        SpanMetrics.Point current = series.get(0).points().get(2);
        assertThat(current.requests()).isEqualTo(10);
        assertThat(current.errors()).isEqualTo(2);
        assertThat(current.errorRate()).isEqualTo(0.2);
        assertThat(current.p95()).isBetween(50.0, 100.0);
        assertThat(series.get(0).points().get(0).requests()).isZero();
        assertThat(metrics.red(
                        "shop",
                        null,
                        null,
                        now.minus(Duration.ofMinutes(1)),
                        now.plus(Duration.ofMinutes(1)),
                        Duration.ofMinutes(1)))
                .hasSize(6);
    }
}
