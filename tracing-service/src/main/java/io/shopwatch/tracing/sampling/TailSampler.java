package io.shopwatch.tracing.sampling;

import io.shopwatch.common.sampling.SamplingRules;
import io.shopwatch.common.trace.SpanRows;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Tail sampling: the spans of a trace are held until its decision, taken {@code decisionWait} after its first span
 * arrived ({@link #tick()}), or at once for the oldest open trace when {@code maxOpenTraces} traces are open and a new
 * one arrives (decided early, never held without limit, never dropped undecided). Kept spans go to the output with
 * {@code sampling_rate} (1 for traces kept by a rule, the probability for the probabilistic share, so counts can be
 * re-weighted by 1/rate) and {@code sampling_reason}. Spans arriving after their trace's decision follow it while the
 * decision is remembered (the last {@code maxOpenTraces} decisions); past that they open a new trace.
 *
 * <p>Plain Java, one instance per process; not thread-safe on its own, so every public method is synchronized.
 */
public final class TailSampler {

    /** Why a trace was kept. */
    public enum Reason {
        ERROR,
        SLOW,
        SERVICE,
        PROBABILISTIC
    }

    private static final class OpenTrace {
        final String org;
        final long firstSeenNanos;
        final List<Map<String, Object>> spans = new ArrayList<>();
        final Set<String> services = new HashSet<>();
        boolean error;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        boolean slowService;

        OpenTrace(String org, long firstSeenNanos) {
            this.org = org;
            this.firstSeenNanos = firstSeenNanos;
        }
    }

    private record Decided(boolean keep, Reason reason, double rate) {}

    private final Clock clock;
    private final ToDoubleFunction<String> budgetRate;
    private final long decisionWaitNanos;
    private final int maxOpenTraces;
    private final Function<String, SamplingPolicy> policies;
    private final BiConsumer<String, List<Map<String, Object>>> output;
    private final LinkedHashMap<String, OpenTrace> open = new LinkedHashMap<>();
    private final LinkedHashMap<String, Decided> decided;
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private long earlyDecisions;
    private long keptTraces;
    private long droppedTraces;

    public TailSampler(
            Clock clock,
            Duration decisionWait,
            int maxOpenTraces,
            Function<String, SamplingPolicy> policies,
            BiConsumer<String, List<Map<String, Object>>> output) {
        this(clock, decisionWait, maxOpenTraces, policies, org -> 1.0, output);
    }

    /**
     * @param budgetRate the ingest budget's rate for an org's traces (1 when no budget limits them): the probabilistic
     *     share of its traces is multiplied by it; traces kept by a rule (errors, slow, services) are not
     */
    public TailSampler(
            Clock clock,
            Duration decisionWait,
            int maxOpenTraces,
            Function<String, SamplingPolicy> policies,
            ToDoubleFunction<String> budgetRate,
            BiConsumer<String, List<Map<String, Object>>> output) {
        this.budgetRate = budgetRate;
        this.clock = clock;
        this.decisionWaitNanos = decisionWait.toNanos();
        this.maxOpenTraces = maxOpenTraces;
        this.policies = policies;
        this.output = output;
        this.decided = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Decided> eldest) {
                return size() > maxOpenTraces;
            }
        };
    }

    /** Takes span rows of an org; a full buffer decides its oldest trace early. */
    public synchronized void add(String org, List<Map<String, Object>> rows) {
        long now = nanos();
        for (Map<String, Object> row : rows) {
            String traceId = (String) row.get(SpanRows.TRACE_ID);
            String key = org + "/" + traceId;
            Decided earlier = decided.get(key);
            if (earlier != null) {
                if (earlier.keep()) {
                    output.accept(org, List.of(mark(row, earlier)));
                }
                continue;
            }
            OpenTrace trace = open.get(key);
            if (trace == null) {
                if (open.size() >= maxOpenTraces) {
                    Iterator<Map.Entry<String, OpenTrace>> oldest =
                            open.entrySet().iterator();
                    Map.Entry<String, OpenTrace> first = oldest.next();
                    oldest.remove();
                    earlyDecisions++;
                    decide(first.getKey(), first.getValue());
                }
                trace = new OpenTrace(org, now);
                open.put(key, trace);
            }
            observe(trace, row, policies.apply(org));
        }
    }

    /** Decides every trace whose first span arrived at least {@code decisionWait} ago. */
    public synchronized void tick() {
        long now = nanos();
        Iterator<Map.Entry<String, OpenTrace>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, OpenTrace> entry = it.next();
            if (now - entry.getValue().firstSeenNanos < decisionWaitNanos) {
                return; // insertion order is arrival order: the rest are younger
            }
            it.remove();
            decide(entry.getKey(), entry.getValue());
        }
    }

    /** Decides every open trace (on shutdown). */
    public synchronized void flush() {
        List<Map.Entry<String, OpenTrace>> all = new ArrayList<>(open.entrySet());
        open.clear();
        all.forEach(e -> decide(e.getKey(), e.getValue()));
    }

    public synchronized int openTraces() {
        return open.size();
    }

    /** Traces decided before their wait was over because the buffer was full. */
    public synchronized long earlyDecisions() {
        return earlyDecisions;
    }

    public synchronized long keptTraces() {
        return keptTraces;
    }

    public synchronized long droppedTraces() {
        return droppedTraces;
    }

    private void observe(OpenTrace trace, Map<String, Object> row, SamplingPolicy policy) {
        trace.spans.add(row);
        String service = String.valueOf(row.get(SpanRows.SERVICE_NAME));
        trace.services.add(service);
        if ("ERROR".equals(row.get(SpanRows.SPAN_STATUS))) {
            trace.error = true;
        }
        long start = number(row.get(SpanRows.START_TIME));
        long end = number(row.get(SpanRows.END_TIME));
        trace.start = Math.min(trace.start, start);
        trace.end = Math.max(trace.end, end);
        Long serviceThreshold = policy.slowMicrosByService().get(service);
        if (serviceThreshold != null && (end - start) / 1000 >= serviceThreshold) {
            trace.slowService = true;
        }
    }

    private void decide(String key, OpenTrace trace) {
        SamplingPolicy policy = policies.apply(trace.org);
        String traceId = key.substring(trace.org.length() + 1);
        Decided decision = decision(traceId, trace, policy);
        decided.put(key, decision);
        if (decision.keep()) {
            keptTraces++;
            List<Map<String, Object>> kept = new ArrayList<>(trace.spans.size());
            trace.spans.forEach(row -> kept.add(mark(row, decision)));
            output.accept(trace.org, kept);
        } else {
            droppedTraces++;
        }
    }

    private Decided decision(String traceId, OpenTrace trace, SamplingPolicy policy) {
        if (policy.keepErrors() && trace.error) {
            return new Decided(true, Reason.ERROR, 1.0);
        }
        Reason reason = null;
        double rate = 1.0;
        long durationMicros = (trace.end - trace.start) / 1000;
        if (trace.slowService || (policy.slowMicros() > 0 && durationMicros >= policy.slowMicros())) {
            reason = Reason.SLOW;
        } else if (trace.services.stream().anyMatch(policy.keepServices()::contains)) {
            reason = Reason.SERVICE;
        } else {
            double probability =
                    policy.probability() * Math.min(1.0, Math.max(0.0, budgetRate.applyAsDouble(trace.org)));
            if (probabilistic(traceId, probability)) {
                reason = Reason.PROBABILISTIC;
                rate = probability;
            }
        }
        if (reason == null) {
            return new Decided(false, null, 0);
        }
        if (policy.maxTracesPerSecond() > 0
                && !buckets.computeIfAbsent(trace.org, org -> new TokenBucket(policy.maxTracesPerSecond()))
                        .take(nanos())) {
            return new Decided(false, null, 0);
        }
        return new Decided(true, reason, rate);
    }

    /** The same answer for a trace id everywhere: its last 53 bits against the probability. */
    static boolean probabilistic(String traceId, double probability) {
        if (probability >= 1) {
            return true;
        }
        if (probability <= 0 || traceId == null || traceId.length() < 16) {
            return false;
        }
        long random = Long.parseUnsignedLong(traceId.substring(traceId.length() - 16), 16) >>> 11;
        return random < (long) (probability * (1L << 53));
    }

    private static Map<String, Object> mark(Map<String, Object> row, Decided decision) {
        Map<String, Object> marked = new LinkedHashMap<>(row);
        marked.put(SamplingRules.TAIL_SAMPLING_RATE_FIELD, decision.rate());
        marked.put(
                SamplingRules.TAIL_SAMPLING_REASON_FIELD,
                decision.reason().name().toLowerCase(java.util.Locale.ROOT));
        return marked;
    }

    private long nanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** Kept traces per second of one org: a bucket of one second's worth, refilled continuously. */
    private static final class TokenBucket {
        private final double perSecond;
        private double tokens;
        private long lastNanos = Long.MIN_VALUE;

        TokenBucket(double perSecond) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
        }

        boolean take(long now) {
            if (lastNanos != Long.MIN_VALUE && now > lastNanos) {
                tokens = Math.min(perSecond, tokens + (now - lastNanos) / 1e9 * perSecond);
            }
            lastNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
