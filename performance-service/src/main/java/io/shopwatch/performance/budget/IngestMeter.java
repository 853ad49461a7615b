package io.shopwatch.performance.budget;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.sampling.SamplingRules;
import io.shopwatch.performance.invalidation.StoredRecordListener;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Counts what was stored per org and stream (from {@code shopwatch.stored}), split into records sampling may drop and
 * records it never drops: errors (a {@code level}/{@code severity_text} of error, fatal or critical, a span with an
 * error status, an HTTP status of 500 or more) and every record of a never-sampled stream (payments).
 */
public final class IngestMeter implements StoredRecordListener {

    /** What one stream stored since the last {@link #drain}. */
    public record Counts(long sampleable, long sampleableBytes, long exempt, long exemptBytes) {
        long records() {
            return sampleable + exempt;
        }

        long bytes() {
            return sampleableBytes + exemptBytes;
        }
    }

    /** An org and a stream. */
    public record StreamId(String org, String stream) {}

    private volatile Set<String> neverSampled;
    private final Map<StreamId, LongAdder[]> counts = new ConcurrentHashMap<>();
    private final Map<StreamId, LongAdder[]> totals = new ConcurrentHashMap<>();

    /** Everything one stream stored since the service started. */
    public record Totals(long records, long bytes) {}

    public IngestMeter(Set<String> neverSampledStreams) {
        neverSampled(neverSampledStreams);
    }

    /**
     * Replaces the never-sampled streams (a config change): records stored from now on are counted by the new list.
     */
    public void neverSampled(Collection<String> neverSampledStreams) {
        this.neverSampled = neverSampledStreams.stream()
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean neverSampled(String stream) {
        return neverSampled.contains(stream.toLowerCase(Locale.ROOT));
    }

    /** The payload fields {@link #isError} reads. */
    static final Set<String> ERROR_FIELDS =
            Set.of("level", "severity_text", "severity", "status_code", "status", "http_status", "http_status_code");

    @Override
    public Set<String> payloadFields() {
        return ERROR_FIELDS;
    }

    @Override
    public void stored(Envelope envelope, int bytes) {
        boolean exempt = neverSampled(envelope.stream()) || isError(envelope.payload());
        count(envelope.org(), envelope.stream(), 1, bytes, exempt);
    }

    /** Counts {@code records} stored records of {@code bytes} in all. */
    public void count(String org, String stream, long records, long bytes, boolean exempt) {
        LongAdder[] adders = counts.computeIfAbsent(new StreamId(org, stream.toLowerCase(Locale.ROOT)), id ->
                new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()});
        LongAdder[] total = totals.computeIfAbsent(new StreamId(org, stream.toLowerCase(Locale.ROOT)), id ->
                new LongAdder[] {new LongAdder(), new LongAdder()});
        total[0].add(records);
        total[1].add(bytes);
        int offset = exempt ? 2 : 0;
        adders[offset].add(records);
        adders[offset + 1].add(bytes);
    }

    /** What each stream of an org stored since the service started, by stream. */
    public Map<String, Totals> totals(String org) {
        Map<String, Totals> byStream = new java.util.TreeMap<>();
        totals.forEach((id, adders) -> {
            if (id.org().equals(org)) {
                byStream.put(id.stream(), new Totals(adders[0].sum(), adders[1].sum()));
            }
        });
        return byStream;
    }

    /** What each stream stored since the last call; the counters restart from zero. */
    public Map<StreamId, Counts> drain() {
        Map<StreamId, Counts> drained = new HashMap<>();
        counts.forEach((id, adders) -> drained.put(
                id,
                new Counts(
                        adders[0].sumThenReset(),
                        adders[1].sumThenReset(),
                        adders[2].sumThenReset(),
                        adders[3].sumThenReset())));
        return drained;
    }

    /** Whether a record is an error, which sampling never drops (the rules the pipeline applies too). */
    static boolean isError(JsonNode payload) {
        return SamplingRules.isError(field -> {
            JsonNode value = payload.path(field);
            if (value.isString()) {
                return value.asString();
            }
            return value.isIntegralNumber() ? value.numberValue() : null;
        });
    }
}
