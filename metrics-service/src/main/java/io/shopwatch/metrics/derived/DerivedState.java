package io.shopwatch.metrics.derived;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/** Where the derived counters and the position they were computed up to are kept, changed together or not at all. */
public interface DerivedState {

    /** One counter series of one source partition. */
    record CounterKey(String org, String name, SortedMap<String, String> labels) {}

    /**
     * A partition's saved state.
     *
     * @param nextOffset the next offset to read, or -1 when the partition was never read
     * @param counters the partition's counter series and their values
     */
    record Partition(long nextOffset, Map<CounterKey, Double> counters) {}

    Partition load(String topic, int partition);

    /** The event keys of {@code keys} already counted. */
    Set<String> counted(Collection<String> keys);

    /**
     * Saves, in one transaction, the counters that changed, the events counted and the next offset to read.
     *
     * @param now the time the events are remembered from (for the retention)
     */
    void commit(
            String topic,
            int partition,
            long nextOffset,
            Map<CounterKey, Double> changed,
            Collection<String> eventKeys,
            Instant now);

    /** Forgets the events counted before {@code before}. */
    void forgetEventsBefore(Instant before);
}
