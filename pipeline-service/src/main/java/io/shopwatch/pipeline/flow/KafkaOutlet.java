package io.shopwatch.pipeline.flow;

import io.shopwatch.common.kafka.Topics;
import io.shopwatch.pipeline.record.DocumentJson;
import io.shopwatch.pipeline.record.PipelineRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes stored records to {@link Topics#STORED} (the envelope header, with the timestamp as integer microseconds,
 * and the stored document's bytes, the same the store received, as payload) and rejected records, as the bytes they
 * arrived as, to the dead-letter topic of their source topic with the reason in headers. Returns only after Kafka
 * acknowledged every record.
 */
public final class KafkaOutlet implements BatchProcessor.Outlet {

    public static final String REASON_HEADER = "shopwatch-reason";
    public static final String STAGE_HEADER = "shopwatch-stage";
    public static final String SOURCE_TOPIC_HEADER = "shopwatch-source-topic";
    public static final String SOURCE_PARTITION_HEADER = "shopwatch-source-partition";
    public static final String SOURCE_OFFSET_HEADER = "shopwatch-source-offset";
    public static final String REJECTED_AT_HEADER = "shopwatch-rejected-at";

    /** Value bytes left for a record's headers and key below the producer's {@code max.request.size}. */
    static final int RECORD_OVERHEAD = 4096;

    private final KafkaTemplate<String, byte[]> template;
    private final Clock clock;
    private final Duration timeout;
    private final int maxValueBytes;

    /**
     * @param maxRequestSize the producer's {@code max.request.size}: a dead letter whose bytes would not fit is sent
     *     without them (its headers say where it was read, so it can still be found on the raw topic)
     */
    public KafkaOutlet(KafkaTemplate<String, byte[]> template, Clock clock, Duration timeout, int maxRequestSize) {
        this.template = template;
        this.clock = clock;
        this.timeout = timeout;
        this.maxValueBytes = Math.max(0, maxRequestSize - RECORD_OVERHEAD);
    }

    @Override
    public void stored(List<PipelineRecord> records) {
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        for (PipelineRecord record : records) {
            sends.add(template.send(
                    Topics.STORED, record.org() + '/' + record.stream(), DocumentJson.storedEnvelope(record)));
        }
        await(sends);
    }

    @Override
    public void rejected(List<PipelineRecord> records) {
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        for (PipelineRecord record : records) {
            String topic = Topics.deadLetter(record.source().topic());
            byte[] value = fitting(record.original());
            ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, record.id(), value);
            headers(out.headers(), record.rejection(), record.source());
            sends.add(template.send(out));
        }
        await(sends);
    }

    /** Sends a record that could not even be read as an envelope, as raw bytes. */
    public void undecodable(String sourceTopic, int partition, long offset, byte[] raw, String reason) {
        unread("decode", sourceTopic, partition, offset, raw, reason);
    }

    /**
     * Sends a record that was not read, as raw bytes, with the stage that refused it ({@code decode}, {@code size}) and
     * the reason.
     */
    public void unread(String stage, String sourceTopic, int partition, long offset, byte[] raw, String reason) {
        String topic = Topics.deadLetter(sourceTopic);
        byte[] value = fitting(raw);
        if (value != raw) {
            reason += "; its " + raw.length + " bytes are larger than a dead letter may be and are not kept";
        }
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, null, value);
        headers(
                out.headers(),
                new PipelineRecord.Rejection(stage, reason),
                new PipelineRecord.Source(sourceTopic, partition, offset));
        await(List.of(template.send(out)));
    }

    /** The bytes, or none when they would exceed what the producer may send (the reason header says so). */
    private byte[] fitting(byte[] value) {
        return value != null && value.length > maxValueBytes ? new byte[0] : value;
    }

    private void headers(Headers headers, PipelineRecord.Rejection rejection, PipelineRecord.Source source) {
        headers.add(REASON_HEADER, utf8(rejection.reason()));
        headers.add(STAGE_HEADER, utf8(rejection.stage()));
        headers.add(SOURCE_TOPIC_HEADER, utf8(source.topic()));
        headers.add(SOURCE_PARTITION_HEADER, utf8(Integer.toString(source.partition())));
        headers.add(SOURCE_OFFSET_HEADER, utf8(Long.toString(source.offset())));
        headers.add(REJECTED_AT_HEADER, utf8(clock.instant().toString()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void await(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the published records", e);
        }
    }
}
