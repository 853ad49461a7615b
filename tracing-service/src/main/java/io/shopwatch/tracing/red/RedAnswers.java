package io.shopwatch.tracing.red;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The answers of the RED and service-map APIs from per-minute figures, wherever they come from (this instance's memory,
 * the store, or both merged): plain functions.
 */
final class RedAnswers {

    private RedAnswers() {}

    /** The first minute of a RED answer's range. */
    static long firstMinute(Instant start) {
        return minute(start);
    }

    /** The minute after a RED answer's range: the minute holding end is included unless end is exactly its start. */
    static long redEndMinute(Instant end) {
        return minute(end.minusNanos(1)) + 1;
    }

    /** The minute after a service map's range: the minute holding end is included. */
    static long mapEndMinute(Instant end) {
        return minute(end) + 1;
    }

    /**
     * RED series of an org from start to end, one point per {@code step}: every series of the map that matches the
     * filters, sorted by service and operation.
     */
    static List<SpanMetrics.Series> red(
            Map<SpanMetrics.Operation, TreeMap<Long, LatencyStats>> red,
            String org,
            String service,
            String operation,
            Instant start,
            Instant end,
            Duration step) {
        long stepMinutes = Math.max(1, step.toMinutes());
        long endMinute = redEndMinute(end);
        List<SpanMetrics.Series> out = new ArrayList<>();
        red.forEach((key, series) -> {
            if (!key.org().equals(org)
                    || (service != null && !service.equals(key.service()))
                    || (operation != null && !operation.equals(key.operation()))) {
                return;
            }
            List<SpanMetrics.Point> points = new ArrayList<>();
            for (long from = minute(start); from < endMinute; from += stepMinutes) {
                LatencyStats sum = new LatencyStats();
                series.subMap(from, Math.min(from + stepMinutes, endMinute))
                        .values()
                        .forEach(sum::addAll);
                points.add(point(Instant.ofEpochSecond(from * 60), sum, stepMinutes * 60.0));
            }
            out.add(new SpanMetrics.Series(key.service(), key.operation(), points));
        });
        out.sort(Comparator.comparing(SpanMetrics.Series::service).thenComparing(SpanMetrics.Series::operation));
        return out;
    }

    /**
     * The service map of an org: an edge per client, server and connection type with calls in the range; the nodes
     * are the given services (those with spans) and every edge's ends, the ends that are not services virtual.
     */
    static SpanMetrics.ServiceMap serviceMap(
            Set<String> services,
            Map<SpanMetrics.Edge, TreeMap<Long, LatencyStats>> edges,
            String org,
            Instant start,
            Instant end) {
        double seconds = Math.max(1, Duration.between(start, end).toSeconds());
        Map<String, Boolean> nodes = new TreeMap<>();
        services.forEach(name -> nodes.put(name, false));
        List<SpanMetrics.EdgeStats> out = new ArrayList<>();
        edges.forEach((key, series) -> {
            if (!key.org().equals(org)) {
                return;
            }
            LatencyStats sum = new LatencyStats();
            series.subMap(minute(start), mapEndMinute(end)).values().forEach(sum::addAll);
            if (sum.count == 0) {
                return;
            }
            nodes.putIfAbsent(key.client(), true);
            nodes.putIfAbsent(key.server(), true);
            SpanMetrics.Point p = point(start, sum, seconds);
            out.add(new SpanMetrics.EdgeStats(
                    key.client(),
                    key.server(),
                    key.connectionType(),
                    p.requests(),
                    p.rate(),
                    p.errors(),
                    p.errorRate(),
                    p.p50(),
                    p.p95(),
                    p.p99()));
        });
        out.sort(Comparator.comparing(SpanMetrics.EdgeStats::client)
                .thenComparing(SpanMetrics.EdgeStats::server)
                .thenComparing(SpanMetrics.EdgeStats::connectionType));
        List<SpanMetrics.Node> nodeList = new ArrayList<>();
        nodes.forEach((name, virtual) -> nodeList.add(new SpanMetrics.Node(name, virtual)));
        return new SpanMetrics.ServiceMap(nodeList, out);
    }

    private static SpanMetrics.Point point(Instant time, LatencyStats s, double seconds) {
        return new SpanMetrics.Point(
                time,
                s.count,
                s.count / seconds,
                s.errors,
                s.count == 0 ? 0 : (double) s.errors / s.count,
                s.quantileMs(0.50),
                s.quantileMs(0.95),
                s.quantileMs(0.99));
    }

    private static long minute(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 60);
    }
}
