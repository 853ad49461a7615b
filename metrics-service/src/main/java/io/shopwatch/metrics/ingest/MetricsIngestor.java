package io.shopwatch.metrics.ingest;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import io.shopwatch.metrics.limits.DiscardedSamples;
import io.shopwatch.metrics.limits.IngestionRate;
import io.shopwatch.metrics.limits.LimitsProvider;
import io.shopwatch.metrics.limits.Refusal;
import io.shopwatch.metrics.limits.SampleChecks;
import io.shopwatch.metrics.limits.SeriesTracker;
import io.shopwatch.metrics.sample.Sample;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the items of one request (already read and checked on their own), applies the time window and the series
 * limits, sends what passes to Kafka and waits for the acknowledgement, then says item by item what happened. Every
 * refused sample is counted. Plain Java: the JSON and remote-write controllers only translate HTTP.
 */
public final class MetricsIngestor {

    private static final Logger log = LoggerFactory.getLogger(MetricsIngestor.class);

    /** What happened to one item. */
    public record ItemResult(Item item, Refusal.Rejection rejection) {
        public boolean accepted() {
            return rejection == null;
        }
    }

    /** What happened to a request: every item's result, and the samples sent to Kafka. */
    public record Outcome(List<ItemResult> results, int acceptedSamples, int rejectedSamples) {

        public long acceptedItems() {
            return results.stream().filter(ItemResult::accepted).count();
        }

        public long rejectedItems() {
            return results.size() - acceptedItems();
        }

        /** The first refusal, or {@code null}. */
        public ItemResult firstRejection() {
            return results.stream().filter(r -> !r.accepted()).findFirst().orElse(null);
        }
    }

    private final SampleChecks checks;
    private final SeriesTracker tracker;
    private final LimitsProvider limits;
    private final SamplePublisher publisher;
    private final DiscardedSamples discarded;
    private final IngestionRate rate;

    public MetricsIngestor(
            SampleChecks checks,
            SeriesTracker tracker,
            LimitsProvider limits,
            SamplePublisher publisher,
            DiscardedSamples discarded,
            IngestionRate rate) {
        this.checks = checks;
        this.tracker = tracker;
        this.limits = limits;
        this.publisher = publisher;
        this.discarded = discarded;
        this.rate = rate;
    }

    /**
     * @throws RetryLaterException 429 with Retry-After when the request's samples exceed the org's ingestion rate:
     *     nothing of the request is stored, every sample is counted as {@code rate_limited}
     */
    public Outcome ingest(String org, List<Item> items) {
        int samples = 0;
        for (Item item : items) {
            samples += item.rejection() == null ? item.samples().size() : 0;
        }
        java.time.Duration wait = rate.tryAcquire(org, samples);
        if (wait != null) {
            discarded.count(org, Refusal.RATE_LIMITED, samples);
            throw new RetryLaterException(
                    ProblemType.RATE_LIMITED,
                    Refusal.RATE_LIMITED
                            .because("ingestion rate limit of " + rate.samplesPerSecond() + " samples/s (burst "
                                    + rate.burst() + ") exceeded by " + samples + " samples; nothing of this request"
                                    + " was stored, send it again after Retry-After")
                            .message(),
                    wait);
        }
        List<ItemResult> results = new ArrayList<>(items.size());
        List<SamplePublisher.Outgoing> outgoing = new ArrayList<>();
        int rejectedSamples = 0;
        for (Item item : items) {
            Refusal.Rejection rejection = item.rejection() != null ? item.rejection() : admit(org, item);
            results.add(new ItemResult(item, rejection));
            if (rejection != null) {
                rejectedSamples += item.sampleCount();
                discarded.count(org, rejection.refusal(), item.sampleCount());
                log.debug(
                        "refused metric item #{} org={}: {}",
                        item.index(),
                        org,
                        rejection.refusal().reason());
                continue;
            }
            for (Sample sample : item.samples()) {
                outgoing.add(new SamplePublisher.Outgoing(
                        SampleEnvelopes.key(org, sample), SampleEnvelopes.write(org, sample)));
            }
        }
        publisher.publish(outgoing);
        return new Outcome(results, outgoing.size(), rejectedSamples);
    }

    private Refusal.Rejection admit(String org, Item item) {
        for (Sample sample : item.samples()) {
            Refusal.Rejection late = checks.checkTimestamp(sample.timestampMillis());
            if (late != null) {
                return late;
            }
        }
        if (item.samples().isEmpty()) {
            return null;
        }
        SeriesTracker.Admission admission =
                tracker.admitSamples(org, item.samples(), limits.limits(org, familyOf(item)));
        return admission.rejection();
    }

    /** The metric the limits are looked up for: the name as sent (a histogram's family name). */
    private static String familyOf(Item item) {
        return item.name() == null ? item.samples().get(0).name() : SampleChecks.storedName(item.name());
    }
}
