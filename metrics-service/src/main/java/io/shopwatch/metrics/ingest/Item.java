package io.shopwatch.metrics.ingest;

import io.shopwatch.metrics.limits.Refusal;
import io.shopwatch.metrics.sample.Sample;
import java.util.List;

/**
 * One unit of an ingestion request that is accepted or refused as a whole: a sample of the JSON API (a histogram with
 * all its series), or one sample of a remote-write series.
 *
 * @param index position in the request (JSON: the array index; remote write: the series' index)
 * @param name the metric name as sent, for the answer; may be {@code null}
 * @param samples the samples to store, already checked on their own; empty when {@code rejection} is set
 * @param rejection why the item was refused while it was read, or {@code null}
 */
public record Item(int index, String name, List<Sample> samples, Refusal.Rejection rejection) {

    public static Item accepted(int index, String name, List<Sample> samples) {
        return new Item(index, name, List.copyOf(samples), null);
    }

    public static Item rejected(int index, String name, Refusal.Rejection rejection) {
        return new Item(index, name, List.of(), rejection);
    }

    /** Samples this item stands for in the discard counter: at least one. */
    int sampleCount() {
        return Math.max(1, samples.size());
    }
}
