package io.shopwatch.tracing.query;

import io.shopwatch.common.trace.SpanRows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One trace as a tree, from its span rows (OpenObserve's span layout): spans in waterfall order (depth first, children
 * by start time), each with its depth, offset from the trace start, self time (its duration minus the time covered by
 * its children) and error flag, and the critical path computed as Jaeger's UI does: from the root's end backwards,
 * always into the child that finished last before the current point; the parent's own time between children is on
 * the path. A span whose parent is not in the trace is shown as a root.
 */
public final class TraceTree {

    /** A span of the tree; times in ns since the epoch, durations in µs. */
    public record Node(
            String spanId,
            String parentSpanId,
            String service,
            String operation,
            String kind,
            String status,
            boolean error,
            long startTime,
            long endTime,
            long duration,
            long offset,
            int depth,
            long selfTime,
            boolean onCriticalPath,
            Map<String, Object> attributes,
            String events) {}

    /** A stretch of the critical path: this span's own time from {@code start} to {@code end} (ns). */
    public record Segment(String spanId, long start, long end) {}

    /**
     * The whole trace; times in ns, durations in µs; {@code logs} are the log records carrying its {@code trace_id},
     * as stored, oldest first.
     */
    public record View(
            String traceId,
            long startTime,
            long endTime,
            long duration,
            int spanCount,
            int errorCount,
            int depth,
            List<String> services,
            List<Node> spans,
            List<Segment> criticalPath,
            List<Map<String, Object>> logs) {

        /** The same view with these logs. */
        public View withLogs(List<Map<String, Object>> logs) {
            return new View(
                    traceId,
                    startTime,
                    endTime,
                    duration,
                    spanCount,
                    errorCount,
                    depth,
                    services,
                    spans,
                    criticalPath,
                    List.copyOf(logs));
        }
    }

    private static final Set<String> LAYOUT = Set.of(
            SpanRows.TRACE_ID,
            SpanRows.SPAN_ID,
            SpanRows.PARENT_SPAN_ID,
            SpanRows.PARENT_TRACE_ID,
            SpanRows.REF_TYPE,
            SpanRows.SERVICE_NAME,
            SpanRows.OPERATION_NAME,
            SpanRows.SPAN_KIND,
            SpanRows.SPAN_STATUS,
            SpanRows.START_TIME,
            SpanRows.END_TIME,
            SpanRows.DURATION,
            SpanRows.TIMESTAMP,
            SpanRows.EVENTS,
            "_o2_ingest_ts");

    private TraceTree() {}

    private record Span(Map<String, Object> row, String id, String parent, long start, long end) {}

    /** The tree of a trace's rows; null when there are none. */
    public static View of(String traceId, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Span> byId = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            String id = text(row.get(SpanRows.SPAN_ID));
            long start = number(row.get(SpanRows.START_TIME));
            long end = Math.max(start, number(row.get(SpanRows.END_TIME)));
            byId.putIfAbsent(id, new Span(row, id, text(row.get(SpanRows.PARENT_SPAN_ID)), start, end));
        }
        Map<String, List<Span>> children = new HashMap<>();
        List<Span> roots = new ArrayList<>();
        for (Span span : byId.values()) {
            if (span.parent() != null
                    && byId.containsKey(span.parent())
                    && !span.parent().equals(span.id())) {
                children.computeIfAbsent(span.parent(), k -> new ArrayList<>()).add(span);
            } else {
                roots.add(span);
            }
        }
        Comparator<Span> byStart = Comparator.comparingLong(Span::start).thenComparing(Span::id);
        roots.sort(byStart);
        children.values().forEach(list -> list.sort(byStart));

        long traceStart = byId.values().stream().mapToLong(Span::start).min().orElse(0);
        long traceEnd = byId.values().stream().mapToLong(Span::end).max().orElse(0);

        List<Segment> path = new ArrayList<>();
        if (!roots.isEmpty()) {
            Span main = roots.stream()
                    .max(Comparator.comparingLong(s -> s.end() - s.start()))
                    .orElseThrow();
            criticalPath(main, main.end(), children, path);
        }
        Set<String> onPath = new LinkedHashSet<>();
        path.forEach(s -> onPath.add(s.spanId()));
        List<Segment> ordered = new ArrayList<>(path);
        ordered.sort(Comparator.comparingLong(Segment::start));

        List<Node> nodes = new ArrayList<>(byId.size());
        Set<String> services = new LinkedHashSet<>();
        int[] maxDepth = {0};
        int[] errors = {0};
        Set<String> visited = new java.util.HashSet<>();
        for (Span root : roots) {
            walk(root, 0, children, traceStart, onPath, nodes, services, maxDepth, errors, visited);
        }
        return new View(
                traceId,
                traceStart,
                traceEnd,
                (traceEnd - traceStart) / 1000,
                nodes.size(),
                errors[0],
                maxDepth[0],
                List.copyOf(services),
                nodes,
                ordered,
                List.of());
    }

    private static void walk(
            Span span,
            int depth,
            Map<String, List<Span>> children,
            long traceStart,
            Set<String> onPath,
            List<Node> out,
            Set<String> services,
            int[] maxDepth,
            int[] errors,
            Set<String> visited) {
        if (!visited.add(span.id())) {
            return;
        }
        List<Span> kids = children.getOrDefault(span.id(), List.of());
        Map<String, Object> row = span.row();
        String status = text(row.getOrDefault(SpanRows.SPAN_STATUS, "UNSET"));
        boolean error = "ERROR".equals(status);
        if (error) {
            errors[0]++;
        }
        String service = text(row.get(SpanRows.SERVICE_NAME));
        services.add(service);
        maxDepth[0] = Math.max(maxDepth[0], depth);
        Map<String, Object> attributes = new LinkedHashMap<>();
        row.forEach((key, value) -> {
            if (!LAYOUT.contains(key) && value != null) {
                attributes.put(key, value);
            }
        });
        out.add(new Node(
                span.id(),
                span.parent(),
                service,
                text(row.get(SpanRows.OPERATION_NAME)),
                text(row.get(SpanRows.SPAN_KIND)),
                status,
                error,
                span.start(),
                span.end(),
                (span.end() - span.start()) / 1000,
                (span.start() - traceStart) / 1000,
                depth,
                selfTime(span, kids) / 1000,
                onPath.contains(span.id()),
                attributes,
                text(row.getOrDefault(SpanRows.EVENTS, "[]"))));
        for (Span child : kids) {
            walk(child, depth + 1, children, traceStart, onPath, out, services, maxDepth, errors, visited);
        }
    }

    /** The span's duration (ns) not covered by any child, children clipped to the span. */
    static long selfTime(Span span, List<Span> kids) {
        long covered = 0;
        long reach = span.start();
        List<Span> sorted = new ArrayList<>(kids);
        sorted.sort(Comparator.comparingLong(Span::start));
        for (Span kid : sorted) {
            long start = Math.max(Math.max(kid.start(), span.start()), reach);
            long end = Math.min(kid.end(), span.end());
            if (end > start) {
                covered += end - start;
                reach = end;
            }
        }
        return span.end() - span.start() - covered;
    }

    /** Jaeger's critical path of a span, walking back from {@code until}. */
    private static void criticalPath(Span span, long until, Map<String, List<Span>> children, List<Segment> path) {
        long current = Math.min(until, span.end());
        List<Span> kids = new ArrayList<>(children.getOrDefault(span.id(), List.of()));
        while (true) {
            Span last = null;
            long lastEnd = Long.MIN_VALUE;
            for (Span kid : kids) {
                long end = Math.min(kid.end(), span.end());
                long start = Math.max(kid.start(), span.start());
                if (end <= current && start < end && end > lastEnd) {
                    last = kid;
                    lastEnd = end;
                }
            }
            if (last == null) {
                if (current > span.start()) {
                    path.add(new Segment(span.id(), span.start(), current));
                }
                return;
            }
            if (lastEnd < current) {
                path.add(new Segment(span.id(), lastEnd, current));
            }
            kids.remove(last);
            criticalPath(last, lastEnd, children, path);
            current = Math.max(last.start(), span.start());
            final long bound = current;
            kids.removeIf(kid -> Math.max(kid.start(), span.start()) >= bound);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        return value == null ? 0 : Long.parseLong(value.toString());
    }
}
