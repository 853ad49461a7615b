package io.shopwatch.metrics.derived;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.metrics.ingest.SampleEnvelopes;
import io.shopwatch.metrics.ingest.SamplePublisher;
import io.shopwatch.metrics.limits.DiscardedSamples;
import io.shopwatch.metrics.limits.LimitsProvider;
import io.shopwatch.metrics.limits.MetricLimits;
import io.shopwatch.metrics.limits.Refusal;
import io.shopwatch.metrics.limits.SampleChecks;
import io.shopwatch.metrics.limits.SeriesTracker;
import io.shopwatch.metrics.sample.MetricType;
import io.shopwatch.metrics.sample.Sample;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the stored behaviour events ({@code shopwatch.stored}, type {@code EVENT}) into the e-commerce counters of
 * {@link EventCounts}, exactly once per event, across restarts and redeliveries:
 *
 * <ol>
 *   <li>each partition's counters and next offset are loaded from {@link DerivedState} when the partition is assigned,
 *       and reading resumes there;
 *   <li>for a polled batch of one partition, every event not counted before (its org and id, also against events
 *       counted in earlier batches) adds to the counters, and each change is one sample of the counter's new value
 *       with an id derived from the org, the counter and the event id;
 *   <li>the samples go to Kafka and are acknowledged; then the counters, the events' ids and the next offset are saved
 *       in one transaction; then the Kafka offset is committed.
 * </ol>
 *
 * A crash after 3's acknowledgement and before the save reads the batch again from the saved state: the same events in
 * the same order give the same values under the same ids, which the pipeline's de-duplication drops. The series carry
 * {@code job="shopwatch-derived"} and {@code instance="<topic partition>"}: one partition's counters are computed in one
 * order, so they only ever grow ({@code sum by} over {@code instance} gives the total). A sample time is the time it is
 * counted. Samples pass the same label and series limits as ingested ones; a refused one is counted as discarded and
 * its event adds nothing.
 */
public final class DerivedMetricsConsumer {

    public static final String JOB = "shopwatch-derived";

    private static final Logger log = LoggerFactory.getLogger(DerivedMetricsConsumer.class);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final DerivedState state;
    private final SamplePublisher publisher;
    private final SampleChecks checks;
    private final SeriesTracker tracker;
    private final LimitsProvider limits;
    private final DiscardedSamples discarded;
    private final Clock clock;
    private final Map<Integer, DerivedState.Partition> partitions = new ConcurrentHashMap<>();

    /** How long a partition whose records held no event goes without its position being saved. */
    static final Duration IDLE_SAVE = Duration.ofSeconds(5);

    /** When each partition's position was last saved (clock millis). */
    private final Map<Integer, Long> savedAt = new ConcurrentHashMap<>();
    /** Events only: every other record of the stored topic is dropped as soon as its header says what it is. */
    private final Deserializer<Envelope> envelopes = EnvelopeSerde.deserializerOf(Set.of(TelemetryType.EVENT));

    private boolean rewindPending;

    public DerivedMetricsConsumer(
            Consumer<byte[], byte[]> consumer,
            String topic,
            DerivedState state,
            SamplePublisher publisher,
            SampleChecks checks,
            SeriesTracker tracker,
            LimitsProvider limits,
            DiscardedSamples discarded,
            Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.state = state;
        this.publisher = publisher;
        this.checks = checks;
        this.tracker = tracker;
        this.limits = limits;
        this.discarded = discarded;
        this.clock = clock;
    }

    /** Subscribes; partitions resume from their saved offsets when assigned. */
    public void subscribe() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                revoked.forEach(tp -> partitions.remove(tp.partition()));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                for (TopicPartition tp : assigned) {
                    DerivedState.Partition saved = state.load(topic, tp.partition());
                    partitions.put(tp.partition(), saved);
                    if (saved.nextOffset() >= 0) {
                        consumer.seek(tp, saved.nextOffset());
                    }
                }
            }
        });
    }

    /**
     * Polls once and counts what came, partition by partition.
     *
     * @return the events counted
     * @throws RuntimeException when Kafka did not acknowledge the samples or the state could not be loaded or saved:
     *     the next call first rewinds every partition to its saved offset and counters (and fails again, without
     *     polling, while that is impossible), so the batch is read again
     */
    public int pollOnce(Duration timeout) {
        try {
            if (rewindPending) {
                rewind();
                rewindPending = false;
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
            int counted = 0;
            for (TopicPartition tp : records.partitions()) {
                counted += count(tp, records.records(tp));
            }
            return counted;
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // the positions may be past what was saved: no poll before they are back at the saved offsets
            rewindPending = true;
            throw e;
        }
    }

    /** Back to the saved state: every assigned partition from its saved offset, its counters as saved. */
    private void rewind() {
        for (TopicPartition tp : consumer.assignment()) {
            DerivedState.Partition saved = state.load(topic, tp.partition());
            partitions.put(tp.partition(), saved);
            if (saved.nextOffset() >= 0) {
                consumer.seek(tp, saved.nextOffset());
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
    }

    private int count(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
        DerivedState.Partition saved = partitions.get(tp.partition());
        if (saved == null) {
            saved = state.load(topic, tp.partition());
        }
        Map<String, Envelope> events = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Envelope envelope;
            try {
                envelope = envelopes.deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                log.debug("unreadable stored record at {}-{}@{}", record.topic(), record.partition(), record.offset());
                continue;
            }
            if (envelope == null || envelope.type() != TelemetryType.EVENT || envelope.payload() == null) {
                continue;
            }
            events.putIfAbsent(envelope.org() + '/' + envelope.id(), envelope);
        }
        long last = records.get(records.size() - 1).offset() + 1;
        if (events.isEmpty() && clock.millis() - savedAt.getOrDefault(tp.partition(), 0L) < IDLE_SAVE.toMillis()) {
            // nothing to count: the position moves on in memory and is saved at most every few seconds (a crash reads
            // those records again and finds nothing to count in them either)
            partitions.put(tp.partition(), new DerivedState.Partition(last, saved.counters()));
            return 0;
        }
        Set<String> before = state.counted(events.keySet());
        Map<DerivedState.CounterKey, Double> changed = new HashMap<>();
        List<SamplePublisher.Outgoing> outgoing = new ArrayList<>();
        String instance = topic + "/" + tp.partition();
        long now = clock.millis();
        Set<String> countedNow = new HashSet<>();
        for (Map.Entry<String, Envelope> event : events.entrySet()) {
            if (before.contains(event.getKey())) {
                continue;
            }
            Envelope envelope = event.getValue();
            String org = envelope.org();
            for (EventCounts.Increment increment : EventCounts.of(envelope.payload())) {
                MetricLimits metricLimits = limits.limits(org, increment.metric());
                TreeMap<String, String> labels = new TreeMap<>();
                Map<String, String> raw = new LinkedHashMap<>(increment.labels());
                raw.put("job", JOB);
                raw.put("instance", instance);
                Refusal.Rejection bad = checks.checkLabels(raw, metricLimits, labels);
                Sample probe = new Sample(increment.metric(), MetricType.COUNTER, labels, 0, now);
                if (bad == null) {
                    bad = tracker.admitSamples(org, List.of(probe), metricLimits)
                            .rejection();
                }
                if (bad != null) {
                    discarded.count(org, bad.refusal(), 1);
                    log.debug("derived sample of {} refused org={}: {}", increment.metric(), org, bad.refusal());
                    continue;
                }
                DerivedState.CounterKey key = new DerivedState.CounterKey(org, increment.metric(), labels);
                double value = changed.getOrDefault(key, saved.counters().getOrDefault(key, 0.0)) + increment.amount();
                changed.put(key, value);
                Sample sample = new Sample(increment.metric(), MetricType.COUNTER, labels, value, now);
                String identity = org
                        + '/'
                        + increment.metric()
                        + '/'
                        + envelope.id()
                        + (increment.part().isEmpty() ? "" : '/' + increment.part());
                String id = UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8))
                        .toString();
                outgoing.add(new SamplePublisher.Outgoing(
                        SampleEnvelopes.key(org, sample), SampleEnvelopes.write(org, sample, id)));
            }
            countedNow.add(event.getKey());
        }
        publisher.publish(outgoing);
        long next = last;
        state.commit(topic, tp.partition(), next, changed, countedNow, clock.instant());
        savedAt.put(tp.partition(), clock.millis());
        Map<DerivedState.CounterKey, Double> counters = new HashMap<>(saved.counters());
        counters.putAll(changed);
        partitions.put(tp.partition(), new DerivedState.Partition(next, counters));
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(next)));
        return countedNow.size();
    }

    /**
     * Records of the assigned partitions not counted yet, from the last fetch's metadata (no call to the broker); -1
     * while unknown for every partition.
     */
    public long lag() {
        long lag = -1;
        for (TopicPartition tp : consumer.assignment()) {
            java.util.OptionalLong partition = consumer.currentLag(tp);
            if (partition.isPresent()) {
                lag = Math.max(lag, 0) + partition.getAsLong();
            }
        }
        return lag;
    }

    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }

    /** Wakes a blocked poll up (from another thread), to stop. */
    public void wakeup() {
        consumer.wakeup();
    }
}
