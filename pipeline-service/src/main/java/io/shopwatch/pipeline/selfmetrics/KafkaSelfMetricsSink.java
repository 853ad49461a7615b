package io.shopwatch.pipeline.selfmetrics;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends the pipeline's own samples to {@link Topics#METRICS_RAW} as metrics-service does: every record first, then
 * one wait for all acknowledgements; anything short of that throws, and the next write sends newer figures.
 */
public final class KafkaSelfMetricsSink implements SelfMetricsWriter.Sink {

    private final KafkaTemplate<String, byte[]> template;
    private final Duration sendTimeout;
    private final Serializer<Envelope> serializer = new EnvelopeSerde().serializer();

    public KafkaSelfMetricsSink(KafkaTemplate<String, byte[]> template, Duration sendTimeout) {
        this.template = template;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public void send(List<SelfMetricsWriter.Keyed> envelopes) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[envelopes.size()];
        for (int i = 0; i < acks.length; i++) {
            SelfMetricsWriter.Keyed record = envelopes.get(i);
            acks[i] = template.send(new ProducerRecord<>(
                    Topics.METRICS_RAW, record.key(), serializer.serialize(Topics.METRICS_RAW, record.envelope())));
        }
        try {
            CompletableFuture.allOf(acks).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not acknowledge the pipeline's samples", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the pipeline's samples in " + sendTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the pipeline's samples", e);
        }
    }
}
