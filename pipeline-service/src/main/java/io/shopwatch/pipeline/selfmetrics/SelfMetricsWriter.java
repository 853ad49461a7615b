package io.shopwatch.pipeline.selfmetrics;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.MetricSample;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.pipeline.flow.PipelineStats;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the pipeline's own ingest figures as metric samples, in the envelope metrics-service publishes on
 * {@code shopwatch.metrics.raw} (type {@code METRIC}, stream = metric name, common's {@link MetricSample} payload),
 * so that the pipeline stores them like any other metric and PromQL panels read them through metrics-service:
 *
 * <ul>
 *   <li>{@value #STORED} {stream} (counter, in the records' org): records stored since the service started;
 *   <li>{@value #DEAD_LETTERED} {stage} (counter, in the records' org): records sent to a dead-letter topic, by the
 *       stage that refused them; records whose org is unreadable (not an envelope, too large) count in the platform
 *       org. Every stage that can dead-letter (the stages of the chains, {@code store}, {@code decode}, {@code size})
 *       has its series from the start, at 0, in the platform org and in every org whose records the pipeline has
 *       stored or dead-lettered, so that {@code increase()} answers 0 rather than nothing while nothing was
 *       dead-lettered;
 *   <li>{@value #LAG} {topic, group} (gauge, in the platform org): records of the raw topic not yet consumed by the
 *       pipeline's consumer group — platform-wide, since one record of any org holds up the partition.
 * </ul>
 *
 * Counters are cumulative since the service started and reset to zero with a restart, as Prometheus counters do
 * ({@code increase()} and {@code rate()} take resets into account); with several replicas, each writes its own
 * series ({@code instance} label) and {@code sum} adds them. Each sample's id is derived from org, series and time,
 * so a write offered again after Kafka refused it is de-duplicated by the pipeline.
 */
public final class SelfMetricsWriter {

    /** Takes the envelopes of one write; throws when they are not durable. */
    @FunctionalInterface
    public interface Sink {
        void send(List<Keyed> envelopes);
    }

    /** An envelope and its Kafka key. */
    public record Keyed(String key, Envelope envelope) {}

    public static final String STORED = "shopwatch_pipeline_records_stored_total";
    public static final String DEAD_LETTERED = "shopwatch_pipeline_records_dead_lettered_total";
    public static final String LAG = "shopwatch_pipeline_consumer_lag";

    private static final Logger log = LoggerFactory.getLogger(SelfMetricsWriter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PipelineStats stats;
    private final ConsumerLag lag;
    private final Sink sink;
    private final Clock clock;
    private final String platformOrg;
    private final String groupId;
    private final String instance;

    /**
     * @param platformOrg org of the platform-wide figures (consumer lag) and of records whose org is unknown
     * @param instance this replica's name, the {@code instance} label of every sample
     */
    public SelfMetricsWriter(
            PipelineStats stats,
            ConsumerLag lag,
            Sink sink,
            Clock clock,
            String platformOrg,
            String groupId,
            String instance) {
        this.stats = stats;
        this.lag = lag;
        this.sink = sink;
        this.clock = clock;
        this.platformOrg = platformOrg;
        this.groupId = groupId;
        this.instance = instance;
    }

    /** Writes the current figures; the number of samples written. Throws when the sink did not take them. */
    public synchronized int write() {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Keyed> out = new ArrayList<>();
        perOrg(stats.storedPerStream())
                .forEach((series, count) ->
                        out.add(sample(series.org(), STORED, Map.of("stream", series.label()), count, at, true)));
        perOrg(stats.deadLetteredPerStage())
                .forEach((series, count) ->
                        out.add(sample(series.org(), DEAD_LETTERED, Map.of("stage", series.label()), count, at, true)));
        Map<String, Long> behind;
        try {
            behind = lag.perTopic();
        } catch (RuntimeException e) {
            log.warn("consumer lag not written: {}", e.getMessage());
            behind = Map.of();
        }
        behind.forEach((topic, records) ->
                out.add(sample(platformOrg, LAG, Map.of("topic", topic, "group", groupId), records, at, false)));
        if (!out.isEmpty()) {
            sink.send(out);
        }
        return out.size();
    }

    private record Series(String org, String label) {}

    /**
     * The counts by the org they are written to: records of an unknown org count in the platform org, added to those
     * of the platform org's own records, so that one series is written once per write.
     */
    private Map<Series, Long> perOrg(List<PipelineStats.OrgCount> counts) {
        Map<Series, Long> out = new LinkedHashMap<>();
        for (PipelineStats.OrgCount count : counts) {
            out.merge(new Series(org(count.org()), count.label()), count.count(), Long::sum);
        }
        return out;
    }

    private String org(String org) {
        return org == null || org.isEmpty() ? platformOrg : org;
    }

    private Keyed sample(
            String org, String name, Map<String, String> labels, double value, Instant at, boolean counter) {
        Map<String, String> sorted = new TreeMap<>(labels);
        sorted.put("instance", instance);
        String key = org + '/' + name + '/' + sorted;
        String id = UUID.nameUUIDFromBytes((key + '/' + at.toEpochMilli()).getBytes(StandardCharsets.UTF_8))
                .toString();
        MetricSample sample = new MetricSample(
                name, sorted, value, null, counter ? MetricSample.Kind.COUNTER : MetricSample.Kind.GAUGE);
        return new Keyed(key, new Envelope(id, org, name, TelemetryType.METRIC, at, JSON.valueToTree(sample)));
    }
}
