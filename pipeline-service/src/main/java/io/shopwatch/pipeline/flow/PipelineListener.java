package io.shopwatch.pipeline.flow;

import io.shopwatch.common.event.Envelope;
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
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Reads the raw topics in batches and hands each batch to the {@link BatchProcessor}. Offsets are committed by the
 * container after this method returns, which happens only once every record is stored or dead-lettered; when the
 * store is unavailable the method throws and the container's error handler pauses and retries the same batch with
 * backoff. After partitions are assigned, the first records of each partition are checked against the store, since
 * the previous owner may have written them without committing.
 */
public class PipelineListener implements BatchMessageListener<String, Envelope>, ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PipelineListener.class);
    private static final LogAccessor LOG = new LogAccessor(PipelineListener.class);

    private final BatchProcessor processor;
    private final KafkaOutlet outlet;
    private final PipelineStats stats;
    private final Clock clock;
    private final int recoveryWindow;

    /** Per assigned partition: offsets below this may already be stored (-1: not known yet). */
    private final Map<TopicPartition, Long> recoveringBelow = new ConcurrentHashMap<>();

    public PipelineListener(
            BatchProcessor processor, KafkaOutlet outlet, PipelineStats stats, Clock clock, int recoveryWindow) {
        this.processor = processor;
        this.outlet = outlet;
        this.stats = stats;
        this.clock = clock;
        this.recoveryWindow = recoveryWindow;
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
    public void onMessage(List<ConsumerRecord<String, Envelope>> batch) {
        Instant start = clock.instant();
        List<PipelineRecord> records = new ArrayList<>(batch.size());
        for (ConsumerRecord<String, Envelope> in : batch) {
            PipelineRecord.Source source = new PipelineRecord.Source(in.topic(), in.partition(), in.offset());
            if (in.value() == null) {
                deadLetterUndecodable(in);
                continue;
            }
            records.add(new PipelineRecord(in.value(), source, Map.of()));
            TopicPartition tp = new TopicPartition(in.topic(), in.partition());
            recoveringBelow.computeIfPresent(tp, (k, below) -> below < 0 ? in.offset() + recoveryWindow : below);
        }
        processor.process(records, this::mayBeStoredAlready, outlet);
        stats.batch(Duration.between(start, clock.instant()));
    }

    private boolean mayBeStoredAlready(PipelineRecord record) {
        PipelineRecord.Source source = record.source();
        Long below = recoveringBelow.get(new TopicPartition(source.topic(), source.partition()));
        return below != null && source.offset() < below;
    }

    private void deadLetterUndecodable(ConsumerRecord<String, Envelope> in) {
        DeserializationException problem = SerializationUtils.getExceptionFromHeader(
                in, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        byte[] raw = problem == null ? new byte[0] : problem.getData();
        String reason = problem == null ? "empty record" : "not a ShopWatch envelope: " + problem.getMessage();
        log.debug("undecodable record {}-{}@{}", in.topic(), in.partition(), in.offset());
        outlet.undecodable(in.topic(), in.partition(), in.offset(), raw, reason);
        stats.rejected("decode", "not a ShopWatch envelope");
    }
}
