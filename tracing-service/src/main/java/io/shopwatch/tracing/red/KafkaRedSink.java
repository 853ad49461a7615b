package io.shopwatch.tracing.red;

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
 * Sends RED samples to {@link Topics#METRICS_RAW} as metrics-service does: every record first, then one wait for all
 * acknowledgements; anything short of that throws, so the writer offers the same minutes again.
 */
public final class KafkaRedSink implements RedMetricsWriter.Sink {

    private final KafkaTemplate<String, byte[]> template;
    private final Duration sendTimeout;
    private final Serializer<Envelope> serializer = new EnvelopeSerde().serializer();

    public KafkaRedSink(KafkaTemplate<String, byte[]> template, Duration sendTimeout) {
        this.template = template;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public void send(List<RedMetricsWriter.Keyed> envelopes) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[envelopes.size()];
        for (int i = 0; i < acks.length; i++) {
            RedMetricsWriter.Keyed record = envelopes.get(i);
            acks[i] = template.send(new ProducerRecord<>(
                    Topics.METRICS_RAW, record.key(), serializer.serialize(Topics.METRICS_RAW, record.envelope())));
        }
        try {
            CompletableFuture.allOf(acks).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not acknowledge the RED samples", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the RED samples in " + sendTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the RED samples", e);
        }
    }
}
