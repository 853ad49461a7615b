package io.shopwatch.performance.budget;

import io.shopwatch.performance.budget.IngestMeter.Counts;
import io.shopwatch.performance.budget.IngestMeter.StreamId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns what was stored (the {@link IngestMeter}) into sampling rates that keep each org and stream within its
 * {@link Budget}, one {@link #tick} per interval.
 *
 * <p>Per stream, the target is the stream's budget, less what sampling cannot drop (errors); per org, the org's budget
 * less its errors and never-sampled streams, shared out over its streams in proportion to their estimated incoming
 * rate (stored / rate). The stricter of the two applies, and the {@link SamplingController} moves the rate toward it.
 * Never-sampled streams keep rate 1 (their records count against the org's budget all the same).
 */
public final class BudgetRegulator {

    private final IngestMeter meter;
    private final Function<String, Budget> orgBudgets;
    private final BiFunction<String, String, Budget> streamBudgets;
    private final Supplier<SamplingController> controller;
    private final Clock clock;
    private final Map<StreamId, SamplingRate> rates = new ConcurrentHashMap<>();
    private final Map<StreamId, Double> averageBytes = new HashMap<>();
    private Instant lastTick;

    public BudgetRegulator(
            IngestMeter meter,
            Function<String, Budget> orgBudgets,
            BiFunction<String, String, Budget> streamBudgets,
            SamplingController controller,
            Clock clock) {
        this(meter, orgBudgets, streamBudgets, () -> controller, clock);
    }

    /**
     * A regulator whose budgets and controller may change while it runs: each {@link #tick} asks for them again, and
     * the rates it keeps carry over, so a change moves them from where they are.
     */
    public BudgetRegulator(
            IngestMeter meter,
            Function<String, Budget> orgBudgets,
            BiFunction<String, String, Budget> streamBudgets,
            Supplier<SamplingController> controller,
            Clock clock) {
        this.meter = meter;
        this.orgBudgets = orgBudgets;
        this.streamBudgets = streamBudgets;
        this.controller = controller;
        this.clock = clock;
        this.lastTick = clock.instant();
    }

    /** The rates of an org's streams, as last computed. */
    public List<SamplingRate> rates(String org) {
        return rates.values().stream()
                .filter(rate -> rate.org().equals(org))
                .sorted(Comparator.comparing(SamplingRate::stream))
                .toList();
    }

    /** The current rate of a stream: 1 until the stream has been seen. */
    public double rate(String org, String stream) {
        SamplingRate rate = rates.get(new StreamId(org, stream.toLowerCase(java.util.Locale.ROOT)));
        return rate == null ? 1.0 : rate.rate();
    }

    public Budget orgBudget(String org) {
        return orgBudgets.apply(org);
    }

    /**
     * Reads what was stored since the last tick and computes every stream's next rate. A stream whose rate is below 1
     * and that stored nothing since the last tick is ticked too, as having stored nothing: silence raises its rate
     * (damped, like any stream under its budget) back to 1, instead of leaving the last rate in force for good.
     *
     * @return the rates to publish: new or changed ones, and every rate below 1 again, so that readers, which let a rate
     *     that is not repeated expire, keep applying it while it holds
     */
    public synchronized List<SamplingRate> tick() {
        Instant now = clock.instant();
        double seconds = Duration.between(lastTick, now).toNanos() / 1e9;
        if (seconds <= 0) {
            return List.of();
        }
        lastTick = now;
        Map<String, Map<StreamId, Counts>> byOrg = new HashMap<>();
        Map<StreamId, Counts> drained = new HashMap<>(meter.drain());
        rates.forEach((id, rate) -> {
            if (rate.rate() < 1.0) {
                drained.putIfAbsent(id, new Counts(0, 0, 0, 0));
            }
        });
        drained.forEach((id, counts) ->
                byOrg.computeIfAbsent(id.org(), o -> new HashMap<>()).put(id, counts));
        List<SamplingRate> toPublish = new ArrayList<>();
        SamplingController rule = controller.get();
        byOrg.forEach((org, streams) -> toPublish.addAll(tickOrg(org, streams, seconds, now, rule)));
        return toPublish;
    }

    private List<SamplingRate> tickOrg(
            String org, Map<StreamId, Counts> streams, double seconds, Instant now, SamplingController controller) {
        long orgRecords = 0;
        long orgBytes = 0;
        double orgExempt = 0;
        double incomingTotal = 0;
        Map<StreamId, Double> incoming = new HashMap<>();
        for (Map.Entry<StreamId, Counts> entry : streams.entrySet()) {
            Counts counts = entry.getValue();
            orgRecords += counts.records();
            orgBytes += counts.bytes();
            if (counts.records() > 0) {
                averageBytes.put(entry.getKey(), (double) counts.bytes() / counts.records());
            }
            if (meter.neverSampled(entry.getKey().stream())) {
                orgExempt += counts.records() / seconds;
            } else {
                orgExempt += counts.exempt() / seconds;
                double in = counts.sampleable() / seconds / rate(org, entry.getKey().stream());
                incoming.put(entry.getKey(), in);
                incomingTotal += in;
            }
        }
        Budget.Target orgTarget = orgBudgets.apply(org).target(orgRecords == 0 ? 0 : (double) orgBytes / orgRecords);
        double orgSampleable = orgTarget.recordsPerSecond() - orgExempt;

        List<SamplingRate> changed = new ArrayList<>();
        for (Map.Entry<StreamId, Counts> entry : streams.entrySet()) {
            StreamId id = entry.getKey();
            Counts counts = entry.getValue();
            double previous = rate(org, id.stream());
            double exemptPerSecond = (meter.neverSampled(id.stream()) ? counts.records() : counts.exempt()) / seconds;
            double storedPerSecond = meter.neverSampled(id.stream()) ? 0 : counts.sampleable() / seconds;
            SamplingRate next;
            if (meter.neverSampled(id.stream())) {
                next = new SamplingRate(org, id.stream(), 1.0, true, 0, exemptPerSecond, 0, null, "never sampled", now);
            } else {
                Budget.Target streamTarget =
                        streamBudgets.apply(org, id.stream()).target(averageBytes.getOrDefault(id, 0.0));
                double target = streamTarget.recordsPerSecond() - counts.exempt() / seconds;
                String limitedBy = Double.isInfinite(target) ? "none" : "stream " + streamTarget.limit();
                if (!Double.isInfinite(orgTarget.recordsPerSecond())) {
                    double in = incoming.get(id);
                    double share = incomingTotal <= 0 || in <= 0 ? orgSampleable : orgSampleable * in / incomingTotal;
                    if (share < target) {
                        target = share;
                        limitedBy = "org " + orgTarget.limit();
                    }
                }
                target = Math.max(0, target);
                double rate = controller.next(previous, storedPerSecond, target);
                next = new SamplingRate(
                        org,
                        id.stream(),
                        rate,
                        false,
                        storedPerSecond,
                        exemptPerSecond,
                        incoming.get(id),
                        Double.isInfinite(target) ? null : target,
                        limitedBy,
                        now);
            }
            SamplingRate before = rates.put(id, next);
            if (before == null || Math.abs(before.rate() - next.rate()) > 1e-9 || next.rate() < 1.0) {
                changed.add(next);
            }
        }
        return changed;
    }
}
