package io.shopwatch.metrics.ingest;

import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends every record of a request to {@link Topics#METRICS_RAW} without waiting, then waits once for all
 * acknowledgements (acks=all, idempotent producer), as logging-service's publisher does. A refusal by the producer
 * stops the rest of the request from being offered, so a dead broker costs one {@code max.block.ms}.
 */
public final class KafkaSamplePublisher implements SamplePublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaSamplePublisher.class);

    private final KafkaTemplate<String, byte[]> template;
    private final Duration sendTimeout;
    private final Duration retryAfter;

    public KafkaSamplePublisher(KafkaTemplate<String, byte[]> template, Duration sendTimeout, Duration retryAfter) {
        this.template = template;
        this.sendTimeout = sendTimeout;
        this.retryAfter = retryAfter;
    }

    @Override
    public void publish(List<Outgoing> records) {
        if (records.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < acks.length; i++) {
            Outgoing record = records.get(i);
            try {
                acks[i] = template.send(new ProducerRecord<>(Topics.METRICS_RAW, record.key(), record.value()));
            } catch (RuntimeException e) {
                throw unavailable(records.size(), "the producer refused the samples", e);
            }
        }
        try {
            CompletableFuture.allOf(acks).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(records.size(), "Kafka did not acknowledge the samples", e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(records.size(), "Kafka did not acknowledge the samples in " + sendTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(records.size(), "the service is shutting down", e);
        }
    }

    private RetryLaterException unavailable(int count, String what, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        log.warn(
                "{} samples not stored: {} ({}: {})",
                count,
                what,
                root.getClass().getSimpleName(),
                root.getMessage());
        return new RetryLaterException(
                ProblemType.UNAVAILABLE,
                what + "; nothing of this request may be assumed stored, send it again",
                retryAfter,
                cause);
    }
}
