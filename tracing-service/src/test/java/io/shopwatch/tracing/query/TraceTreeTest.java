package io.shopwatch.tracing.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceTreeTest {

    static final long MS = 1_000_000L;
    static final long T0 = 1_700_000_000_000L * MS;

    /** A span row; times in ms after T0. */
    static Map<String, Object> span(String id, String parent, String service, long startMs, long endMs, String status) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("trace_id", "5b8efff798038103d269b633813fc60c");
        row.put("span_id", id);
        if (parent != null) {
            row.put("reference_parent_span_id", parent);
        }
        row.put("service_name", service);
        row.put("operation_name", "op-" + id);
        row.put("span_kind", "2");
        row.put("span_status", status);
        row.put("start_time", T0 + startMs * MS);
        row.put("end_time", T0 + endMs * MS);
        row.put("http_route", "/" + id);
        return row;
    }

    @Test
    void of_ordersTheWaterfall_withDepthSelfTimeErrorsAndCriticalPath() {
        List<Map<String, Object>> rows = new ArrayList<>(List.of(
                span("d", "c", "db", 40, 90, "UNSET"),
                span("b", "a", "cart", 5, 30, "OK"),
                span("a", null, "checkout", 0, 100, "UNSET"),
                span("c", "a", "payment", 35, 95, "ERROR")));

        TraceTree.View view = TraceTree.of("5b8efff798038103d269b633813fc60c", rows);

        assertThat(view.spans()).extracting(TraceTree.Node::spanId).containsExactly("a", "b", "c", "d");
        assertThat(view.spans()).extracting(TraceTree.Node::depth).containsExactly(0, 1, 1, 2);
        assertThat(view.spans()).extracting(TraceTree.Node::offset).containsExactly(0L, 5_000L, 35_000L, 40_000L);
        assertThat(view.spans())
                .extracting(TraceTree.Node::selfTime)
                .containsExactly(15_000L, 25_000L, 10_000L, 50_000L);
        assertThat(view.spans()).extracting(TraceTree.Node::error).containsExactly(false, false, true, false);
        assertThat(view.spans()).extracting(TraceTree.Node::onCriticalPath).containsExactly(true, true, true, true);
        assertThat(view.duration()).isEqualTo(100_000);
        assertThat(view.errorCount()).isEqualTo(1);
        assertThat(view.depth()).isEqualTo(2);
        assertThat(view.services()).containsExactly("checkout", "cart", "payment", "db");
        assertThat(view.spans().get(0).attributes()).containsEntry("http_route", "/a");
        // the path walks back from the root's end: a 95-100, c 90-95, d 40-90, c 35-40, a 30-35, b 5-30, a 0-5
        assertThat(view.criticalPath())
                .containsExactly(
                        new TraceTree.Segment("a", T0, T0 + 5 * MS),
                        new TraceTree.Segment("b", T0 + 5 * MS, T0 + 30 * MS),
                        new TraceTree.Segment("a", T0 + 30 * MS, T0 + 35 * MS),
                        new TraceTree.Segment("c", T0 + 35 * MS, T0 + 40 * MS),
                        new TraceTree.Segment("d", T0 + 40 * MS, T0 + 90 * MS),
                        new TraceTree.Segment("c", T0 + 90 * MS, T0 + 95 * MS),
                        new TraceTree.Segment("a", T0 + 95 * MS, T0 + 100 * MS));
    }

    @Test
    void of_parallelChildren_onlyTheLastFinishingOneIsOnThePath_andOrphansAreRoots() {
        List<Map<String, Object>> rows = List.of(
                span("a", null, "gw", 0, 100, "UNSET"),
                span("b", "a", "x", 10, 60, "UNSET"),
                span("c", "a", "y", 20, 90, "UNSET"),
                span("o", "missing", "z", 50, 55, "UNSET"));

        TraceTree.View view = TraceTree.of("t", rows);

        assertThat(view.spans()).extracting(TraceTree.Node::spanId).containsExactly("a", "b", "c", "o");
        assertThat(view.spans()).extracting(TraceTree.Node::depth).containsExactly(0, 1, 1, 0);
        assertThat(view.spans()).extracting(TraceTree.Node::onCriticalPath).containsExactly(true, false, true, false);
        // b and c overlap: a's own time is 0-10 and 90-100
        assertThat(view.spans().get(0).selfTime()).isEqualTo(20_000L);
    }

    @Test
    void of_noRows_isNull() {
        assertThat(TraceTree.of("t", List.of())).isNull();
    }
}
