package io.shopwatch.tracing.red;

import io.shopwatch.common.trace.SpanRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * RED metrics and the service graph, computed from every received span before sampling, kept per minute in memory
 * for {@code retention}.
 *
 * <p>RED: per service and operation, requests, errors and a duration histogram (spans of kind SERVER, CONSUMER or
 * INTERNAL roots count as requests of their service; client spans are counted too, under their own service).
 *
 * <p>Service graph (Tempo's rules): an edge joins a parent span's service to its child's when they differ (CLIENT →
 * SERVER, PRODUCER → CONSUMER; {@code connectionType} {@code messaging_system} for the latter), measured on the child;
 * a root SERVER or CONSUMER span gets an edge from the virtual node {@code user}; a CLIENT or PRODUCER span that no
 * span of another service answered within {@code pairingTtl} gets an edge to a virtual node named by its first of
 * {@code peer.service}, {@code db.system}, {@code db.name}, {@code server.address} ({@code connectionType}
 * {@code database} when it carries {@code db.*}, else {@code virtual_node}). Spans waiting for their partner are bounded
 * by {@code maxPending}; the oldest are settled early past it.
 */
public final class SpanMetrics {

    /** A RED series key. */
    public record Operation(String org, String service, String operation) {}

    /** A service graph edge key. */
    public record Edge(String org, String client, String server, String connectionType) {}

    private record Pending(
            String org,
            String traceId,
            String spanId,
            String service,
            String kind,
            String peer,
            boolean database,
            long durationMicros,
            boolean error,
            long seenNanos,
            boolean[] paired) {}

    private final Clock clock;
    private final long retentionMinutes;
    private final long pairingTtlNanos;
    private final int maxPending;
    private final long startMinute;
    private final Map<Operation, TreeMap<Long, LatencyStats>> red = new HashMap<>();
    private final Map<Edge, TreeMap<Long, LatencyStats>> edges = new HashMap<>();
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, List<Pending>> waitingChildren = new HashMap<>();

    public SpanMetrics(Clock clock, Duration retention, Duration pairingTtl, int maxPending) {
        this.clock = clock;
        this.retentionMinutes = Math.max(1, retention.toMinutes());
        this.pairingTtlNanos = pairingTtl.toNanos();
        this.maxPending = maxPending;
        this.startMinute = nanos() / 60_000_000_000L;
    }

    /** Takes every received span row of an org. */
    public synchronized void observe(String org, List<Map<String, Object>> rows) {
        long now = nanos();
        long minute = now / 60_000_000_000L;
        for (Map<String, Object> row : rows) {
            String service = String.valueOf(row.get(SpanRows.SERVICE_NAME));
            String operation = String.valueOf(row.get(SpanRows.OPERATION_NAME));
            String kind = String.valueOf(row.getOrDefault(SpanRows.SPAN_KIND, "0"));
            boolean error = "ERROR".equals(row.get(SpanRows.SPAN_STATUS));
            long duration = number(row.get(SpanRows.DURATION));
            stats(red, new Operation(org, service, operation), minute).add(duration, error);

            String traceId = String.valueOf(row.get(SpanRows.TRACE_ID));
            String spanId = String.valueOf(row.get(SpanRows.SPAN_ID));
            Object parent = row.get(SpanRows.PARENT_SPAN_ID);
            String peer = firstOf(row, "peer_service", "db_system", "db_name", "server_address");
            boolean database = row.containsKey("db_system") || row.containsKey("db_name");
            Pending span = new Pending(
                    org, traceId, spanId, service, kind, peer, database, duration, error, now, new boolean[1]);
            if (parent == null && (kind.equals("2") || kind.equals("5"))) {
                edge(new Edge(org, "user", service, "virtual_node"), minute, duration, error);
            }
            if (parent != null) {
                Pending parentSpan = pending.get(key(org, traceId, parent.toString()));
                if (parentSpan != null) {
                    pair(parentSpan, span, minute);
                } else {
                    waitingChildren
                            .computeIfAbsent(key(org, traceId, parent.toString()), k -> new ArrayList<>())
                            .add(span);
                }
            }
            List<Pending> children = waitingChildren.remove(key(org, traceId, spanId));
            if (children != null) {
                children.forEach(child -> pair(span, child, minute));
            }
            pending.put(key(org, traceId, spanId), span);
        }
        settle(now, minute);
        prune(minute);
    }

    private void pair(Pending parent, Pending child, long minute) {
        if (parent.service().equals(child.service())) {
            return;
        }
        parent.paired()[0] = true;
        String type = parent.kind().equals("4") ? "messaging_system" : "";
        edge(
                new Edge(parent.org(), parent.service(), child.service(), type),
                minute,
                child.durationMicros(),
                child.error());
    }

    /** Client spans past the pairing time (or beyond the bound) that nobody answered: edges to virtual nodes. */
    private void settle(long now, long minute) {
        var it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Pending p = it.next().getValue();
            if (now - p.seenNanos() < pairingTtlNanos && pending.size() <= maxPending) {
                break;
            }
            it.remove();
            waitingChildren.remove(key(p.org(), p.traceId(), p.spanId()));
            boolean outgoing = p.kind().equals("3") || p.kind().equals("4");
            if (outgoing && !p.paired()[0] && p.peer() != null) {
                edge(
                        new Edge(p.org(), p.service(), p.peer(), p.database() ? "database" : "virtual_node"),
                        minute,
                        p.durationMicros(),
                        p.error());
            }
        }
        if (waitingChildren.size() > maxPending) {
            waitingChildren.clear();
        }
    }

    private void edge(Edge edge, long minute, long duration, boolean error) {
        stats(edges, edge, minute).add(duration, error);
    }

    private static <K> LatencyStats stats(Map<K, TreeMap<Long, LatencyStats>> map, K key, long minute) {
        return map.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(minute, m -> new LatencyStats());
    }

    private void prune(long minute) {
        long oldest = minute - retentionMinutes;
        red.values().forEach(series -> series.headMap(oldest).clear());
        edges.values().forEach(series -> series.headMap(oldest).clear());
        red.values().removeIf(TreeMap::isEmpty);
        edges.values().removeIf(TreeMap::isEmpty);
    }

    /** The figures of one series (a RED operation or a service-graph edge) over one minute. */
    record MinuteFigures<K>(K key, long minute, LatencyStats stats) {}

    /** Copies of the figures of the minutes after {@code afterMinute} that are over. */
    record ClosedMinutes(long lastClosedMinute, List<MinuteFigures<Operation>> red, List<MinuteFigures<Edge>> edges) {}

    /**
     * The figures of every minute after {@code afterMinute} that is over (the current one is still counting; a client
     * span settled late counts in the minute it is settled, never in a closed one), copied.
     */
    synchronized ClosedMinutes closedSince(long afterMinute) {
        long now = nanos();
        long current = now / 60_000_000_000L;
        settle(now, current);
        return new ClosedMinutes(current - 1, copy(red, afterMinute, current), copy(edges, afterMinute, current));
    }

    private static <K> List<MinuteFigures<K>> copy(Map<K, TreeMap<Long, LatencyStats>> map, long after, long before) {
        List<MinuteFigures<K>> out = new ArrayList<>();
        map.forEach((key, series) -> series.subMap(after, false, before, false).forEach((minute, stats) -> {
            LatencyStats copy = new LatencyStats();
            copy.addAll(stats);
            out.add(new MinuteFigures<>(key, minute, copy));
        }));
        return out;
    }

    /** A point of a RED series: requests per second, error share and percentiles (ms). */
    public record Point(
            Instant time,
            long requests,
            double rate,
            long errors,
            double errorRate,
            double p50,
            double p95,
            double p99) {}

    /** A RED series of one service and operation. */
    public record Series(String service, String operation, List<Point> points) {}

    /** RED series of an org from start to end (the minute holding end included), one point per {@code step}. */
    public synchronized List<Series> red(
            String org, String service, String operation, Instant start, Instant end, Duration step) {
        settle(nanos(), nanos() / 60_000_000_000L);
        return RedAnswers.red(red, org, service, operation, start, end, step);
    }

    /** A node of the service map; virtual nodes are peers without spans of their own. */
    public record Node(String name, boolean virtual) {}

    /** An edge of the service map over the range. */
    public record EdgeStats(
            String client,
            String server,
            String connectionType,
            long requests,
            double rate,
            long errors,
            double errorRate,
            double p50,
            double p95,
            double p99) {}

    /** The service map of an org. */
    public record ServiceMap(List<Node> nodes, List<EdgeStats> edges) {}

    public synchronized ServiceMap serviceMap(String org, Instant start, Instant end) {
        settle(nanos(), nanos() / 60_000_000_000L);
        Set<String> services = new TreeSet<>();
        red.keySet().stream().filter(k -> k.org().equals(org)).forEach(k -> services.add(k.service()));
        return RedAnswers.serviceMap(services, edges, org, start, end);
    }

    /**
     * What this instance holds in memory of an org: the figures of every minute from {@code coveredFromMinute} (the
     * later of the minute it started in and the oldest minute retained) on, complete for this instance; the minutes
     * before are only in the store.
     */
    record Memory(
            long coveredFromMinute,
            Map<Operation, TreeMap<Long, LatencyStats>> red,
            Map<Edge, TreeMap<Long, LatencyStats>> edges) {}

    /** Copies of an org's figures of the minutes in [{@code fromMinute}, {@code toMinute}) that memory covers. */
    synchronized Memory memory(String org, long fromMinute, long toMinute) {
        long now = nanos();
        long current = now / 60_000_000_000L;
        settle(now, current);
        long covered = Math.max(startMinute, current - retentionMinutes);
        long from = Math.max(fromMinute, covered);
        return new Memory(covered, copyOrg(red, org, from, toMinute), copyOrg(edges, org, from, toMinute));
    }

    private static <K> Map<K, TreeMap<Long, LatencyStats>> copyOrg(
            Map<K, TreeMap<Long, LatencyStats>> map, String org, long from, long to) {
        Map<K, TreeMap<Long, LatencyStats>> out = new HashMap<>();
        if (from >= to) {
            return out;
        }
        map.forEach((key, series) -> {
            if (!org.equals(key instanceof Operation op ? op.org() : ((Edge) key).org())) {
                return;
            }
            series.subMap(from, to).forEach((minute, stats) -> {
                LatencyStats copy = new LatencyStats();
                copy.addAll(stats);
                out.computeIfAbsent(key, k -> new TreeMap<>()).put(minute, copy);
            });
        });
        return out;
    }

    private static String firstOf(Map<String, Object> row, String... keys) {
        for (String key : keys) {
            Object value = row.get(key);
            if (value != null && !value.toString().isEmpty()) {
                return value.toString();
            }
        }
        return null;
    }

    private static String key(String org, String traceId, String spanId) {
        return org + "/" + traceId + "/" + spanId;
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
