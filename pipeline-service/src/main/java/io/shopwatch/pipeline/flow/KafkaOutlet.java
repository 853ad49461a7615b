package io.shopwatch.pipeline.flow;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
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
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Publishes stored records to {@link Topics#STORED} (with the stored document as payload) and rejected records, as
 * they arrived, to the dead-letter topic of their source topic with the reason in headers. Returns only after Kafka
 * acknowledged every record.
 */
public final class KafkaOutlet implements BatchProcessor.Outlet {

    public static final String REASON_HEADER = "shopwatch-reason";
    public static final String STAGE_HEADER = "shopwatch-stage";
    public static final String SOURCE_TOPIC_HEADER = "shopwatch-source-topic";
    public static final String SOURCE_PARTITION_HEADER = "shopwatch-source-partition";
    public static final String SOURCE_OFFSET_HEADER = "shopwatch-source-offset";
    public static final String REJECTED_AT_HEADER = "shopwatch-rejected-at";

    private final KafkaTemplate<String, byte[]> template;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration timeout;
    private final Serializer<Envelope> serializer = new EnvelopeSerde().serializer();

    public KafkaOutlet(KafkaTemplate<String, byte[]> template, ObjectMapper mapper, Clock clock, Duration timeout) {
        this.template = template;
        this.mapper = mapper;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public void stored(List<PipelineRecord> records) {
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        for (PipelineRecord record : records) {
            Envelope original = record.envelope();
            Envelope stored = new Envelope(
                    original.id(),
                    original.org(),
                    original.stream(),
                    original.type(),
                    original.timestamp(),
                    mapper.valueToTree(record.document()));
            sends.add(template.send(
                    Topics.STORED,
                    original.org() + '/' + original.stream(),
                    serializer.serialize(Topics.STORED, stored)));
        }
        await(sends);
    }

    @Override
    public void rejected(List<PipelineRecord> records) {
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        for (PipelineRecord record : records) {
            String topic = Topics.deadLetter(record.source().topic());
            byte[] value = serializer.serialize(topic, record.envelope());
            ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, record.id(), value);
            headers(out.headers(), record.rejection(), record.source());
            sends.add(template.send(out));
        }
        await(sends);
    }

    /** Sends a record that could not even be read as an envelope, as raw bytes. */
    public void undecodable(String sourceTopic, int partition, long offset, byte[] raw, String reason) {
        String topic = Topics.deadLetter(sourceTopic);
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, null, raw);
        headers(
                out.headers(),
                new PipelineRecord.Rejection("decode", reason),
                new PipelineRecord.Source(sourceTopic, partition, offset));
        await(List.of(template.send(out)));
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
