package io.shopwatch.pipeline.flow;

import io.shopwatch.pipeline.record.EnvelopeReader;
import io.shopwatch.pipeline.record.PipelineRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchMessageListener;

/**
 * Reads the raw topics in batches and hands each batch to the {@link BatchProcessor}. Records arrive as bytes and are
 * read once, by {@link EnvelopeReader}, straight into the flat document the stages use. Offsets are committed by the
 * container after this method returns, which happens only once every record is stored or dead-lettered; when the
 * store is unavailable the method throws and the container's error handler pauses and retries the same batch with
 * backoff. After partitions are assigned, the first records of each partition are checked against the store, since
 * the previous owner may have written them without committing.
 *
 * <p>Memory is bounded in bytes: a poll is processed in slices of at most {@code maxBatchBytes} of raw records (the
 * documents of one slice are garbage before the next is read), and a record larger than {@code maxRecordBytes} is
 * dead-lettered with its size as the reason, never parsed.
 *
 * <p>The traces the records carry are continued per slice, not per record ({@link RecordTracing}): the container's
 * own per-record observation is off.
 */
public class PipelineListener implements BatchMessageListener<String, byte[]>, ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PipelineListener.class);

    /** Stage named in the dead-letter headers of a record refused for its size. */
    public static final String SIZE_STAGE = "size";

    /** Stage named in the dead-letter headers of a record that is not a readable envelope. */
    public static final String DECODE_STAGE = "decode";

    private final BatchProcessor processor;
    private final KafkaOutlet outlet;
    private final PipelineStats stats;
    private final Clock clock;
    private final int recoveryWindow;
    private final EnvelopeReader reader;
    private final int maxRecordBytes;
    private final long maxBatchBytes;
    private final RecordTracing tracing;

    /** Per assigned partition: offsets below this may already be stored (-1: not known yet). */
    private final Map<TopicPartition, Long> recoveringBelow = new ConcurrentHashMap<>();

    public PipelineListener(
            BatchProcessor processor,
            KafkaOutlet outlet,
            PipelineStats stats,
            Clock clock,
            int recoveryWindow,
            EnvelopeReader reader,
            int maxRecordBytes,
            long maxBatchBytes) {
        this(
                processor,
                outlet,
                stats,
                clock,
                recoveryWindow,
                reader,
                maxRecordBytes,
                maxBatchBytes,
                RecordTracing.NONE);
    }

    /** @param tracing continues the traces the records carry, per slice (see {@link RecordTracing}) */
    public PipelineListener(
            BatchProcessor processor,
            KafkaOutlet outlet,
            PipelineStats stats,
            Clock clock,
            int recoveryWindow,
            EnvelopeReader reader,
            int maxRecordBytes,
            long maxBatchBytes,
            RecordTracing tracing) {
        this.tracing = tracing;
        this.processor = processor;
        this.outlet = outlet;
        this.stats = stats;
        this.clock = clock;
        this.recoveryWindow = recoveryWindow;
        this.reader = reader;
        this.maxRecordBytes = maxRecordBytes;
        this.maxBatchBytes = maxBatchBytes;
        stats.deadLetterStages(List.of(DECODE_STAGE, SIZE_STAGE));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> recoveringBelow.put(tp, -1L));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitions.forEach(recoveringBelow::remove);
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> batch) {
        Instant start = clock.instant();
        int from = 0;
        while (from < batch.size()) {
            long bytes = 0;
            int to = from;
            while (to < batch.size() && (to == from || bytes + size(batch.get(to)) <= maxBatchBytes)) {
                bytes += size(batch.get(to));
                to++;
            }
            process(batch.subList(from, to));
            from = to;
        }
        stats.batch(Duration.between(start, clock.instant()));
    }

    private static int size(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? 0 : record.value().length;
    }

    private void process(List<ConsumerRecord<String, byte[]>> slice) {
        List<PipelineRecord> records = new ArrayList<>(slice.size());
        RecordTracing.Slice traces = tracing.slice();
        for (ConsumerRecord<String, byte[]> in : slice) {
            TopicPartition tp = new TopicPartition(in.topic(), in.partition());
            recoveringBelow.computeIfPresent(tp, (k, below) -> below < 0 ? in.offset() + recoveryWindow : below);
            byte[] raw = in.value();
            if (raw == null || raw.length == 0) {
                unread(in, DECODE_STAGE, "empty record", "empty record");
                continue;
            }
            if (raw.length > maxRecordBytes) {
                unread(
                        in,
                        SIZE_STAGE,
                        "record of " + raw.length + " bytes is larger than the limit of " + maxRecordBytes + " bytes",
                        "record larger than the limit");
                continue;
            }
            PipelineRecord.Source source = new PipelineRecord.Source(in.topic(), in.partition(), in.offset());
            try {
                PipelineRecord record = reader.read(raw, source);
                traces.join(record, in.headers());
                records.add(record);
            } catch (EnvelopeReader.NotAnEnvelopeException e) {
                unread(in, DECODE_STAGE, "not a ShopWatch envelope: " + e.getMessage(), "not a ShopWatch envelope");
            }
        }
        if (records.isEmpty()) {
            return;
        }
        try {
            processor.process(records, this::mayBeStoredAlready, outlet);
        } catch (RuntimeException e) {
            traces.end(e);
            throw e;
        }
        traces.end(null);
    }

    private boolean mayBeStoredAlready(PipelineRecord record) {
        PipelineRecord.Source source = record.source();
        Long below = recoveringBelow.get(new TopicPartition(source.topic(), source.partition()));
        return below != null && source.offset() < below;
    }

    private void unread(ConsumerRecord<String, byte[]> in, String stage, String reason, String counted) {
        log.debug("unread record {}-{}@{}: {}", in.topic(), in.partition(), in.offset(), counted);
        byte[] raw = in.value() == null ? new byte[0] : in.value();
        outlet.unread(stage, in.topic(), in.partition(), in.offset(), raw, reason);
        stats.rejected(stage, counted);
    }
}
