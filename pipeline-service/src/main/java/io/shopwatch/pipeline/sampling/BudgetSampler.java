package io.shopwatch.pipeline.sampling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.sampling.PublishedRates;
import io.shopwatch.common.sampling.RateFreshness;
import io.shopwatch.common.sampling.SamplingRules;
import io.shopwatch.pipeline.flow.Sampler;
import io.shopwatch.pipeline.record.PipelineRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Applies the sampling rates performance-service publishes for over-budget streams. A stream without a published
 * rate below 1 is untouched (no record dropped, no field added), and so is one whose rate expired ({@link
 * RateFreshness}: not published again within its maximum age). In a stream with rate r:
 *
 * <ul>
 *   <li>errors ({@link SamplingRules#isError}) are always kept and left as they are;
 *   <li>any other record is kept when its position ({@link SamplingRules#position} of its {@code trace_id}, or of its
 *       id when it has none) is below r, so one trace is kept or dropped whole, and a redelivered record meets the
 *       same fate;
 *   <li>a kept record carries {@code _sample_rate} = r, so that counts can be re-weighted;
 *   <li>a dropped record is counted in {@code shopwatch.pipeline.records.sampled_out{org, stream, reason}};
 *   <li>a span tracing-service's tail sampler already decided (it carries {@code sampling_reason}) is left as it is:
 *       that decision was made for the whole trace, with the same published rate, and cutting it again here would
 *       keep parts of traces.
 * </ul>
 */
public final class BudgetSampler implements Sampler {

    /** The reason tag of records dropped to keep a stream within its ingest budget. */
    public static final String OVER_BUDGET = "over_budget";

    private final PublishedRates rates;
    private final RateFreshness freshness;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();

    /** Rates that never expire. */
    public BudgetSampler(PublishedRates rates, MeterRegistry registry) {
        this(rates, null, registry);
    }

    /** Rates that expire when not published again in time; null: never. */
    public BudgetSampler(PublishedRates rates, RateFreshness freshness, MeterRegistry registry) {
        this.rates = rates;
        this.freshness = freshness;
        this.registry = registry;
    }

    @Override
    public boolean keep(PipelineRecord record) {
        double rate = rates.rate(record.org(), record.stream());
        if (rate >= 1.0 || (freshness != null && !freshness.fresh(record.org(), record.stream()))) {
            return true;
        }
        Map<String, Object> document = record.document();
        if (decidedByTailSampler(record) || SamplingRules.isError(document::get)) {
            return true;
        }
        Object traceId = document.get(SamplingRules.TRACE_ID_FIELD);
        String key = traceId instanceof String s && !s.isEmpty() ? s : record.id();
        if (SamplingRules.keeps(key, rate)) {
            document.put(SamplingRules.SAMPLE_RATE_FIELD, rate);
            return true;
        }
        sampledOut(record.org(), record.stream());
        return false;
    }

    /** A span tracing-service's tail sampler kept: it carries the rule that kept its trace. */
    private static boolean decidedByTailSampler(PipelineRecord record) {
        return record.type() == TelemetryType.SPAN
                && record.document().containsKey(SamplingRules.TAIL_SAMPLING_REASON_FIELD);
    }

    private void sampledOut(String org, String stream) {
        String id = org + '\u0000' + stream;
        counters.computeIfAbsent(id, k -> Counter.builder("shopwatch.pipeline.records.sampled_out")
                        .description("records not stored because their stream is over its ingest budget")
                        .tag("org", org)
                        .tag("stream", stream)
                        .tag("reason", OVER_BUDGET)
                        .register(registry))
                .increment();
        totals.computeIfAbsent(org + '/' + stream, k -> new LongAdder()).increment();
    }

    /** Records sampled out since the start, by {@code org/stream}. */
    public Map<String, Long> sampledOut() {
        Map<String, Long> out = new java.util.TreeMap<>();
        totals.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
