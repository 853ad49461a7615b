package io.shopwatch.logging.ingest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Hands every record of a batch to the producer without waiting (the values are the envelopes' bytes, written by the
 * mappers; the producer's value serializer passes them through), then waits once for all acknowledgements. Returns
 * only when Kafka acknowledged every record (acks=all, idempotent producer); otherwise throws
 * {@link RetryableIngestException}. When the producer refuses a record outright (no metadata within
 * {@code max.block.ms}, buffer full), the rest of the batch is not offered at all, so that a dead broker costs one
 * {@code max.block.ms}, not one per record.
 */
public class KafkaPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);

    private final KafkaTemplate<String, byte[]> template;
    private final BatchTraceContext batchTrace;
    private final Duration sendTimeout;
    private final long retryAfterSeconds;

    /**
     * @param batchTrace puts the request's trace headers on every record; {@code null} when the template observes
     *     each send itself (and so adds them)
     */
    public KafkaPublisher(
            KafkaTemplate<String, byte[]> template,
            BatchTraceContext batchTrace,
            Duration sendTimeout,
            long retryAfterSeconds) {
        this.template = template;
        this.batchTrace = batchTrace;
        this.sendTimeout = sendTimeout;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Sends the records to {@code topic} and waits for Kafka's acknowledgement of all of them. */
    public void publish(String topic, List<MappedRecord.Accepted> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Header> headers = batchTrace == null ? null : batchTrace.headers();
        CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < acks.length; i++) {
            MappedRecord.Accepted record = records.get(i);
            try {
                acks[i] = template.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers));
            } catch (RuntimeException e) {
                throw unavailable(topic, records.size(), "the producer refused the records", e);
            }
        }
        try {
            CompletableFuture.allOf(acks).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(topic, records.size(), "Kafka did not acknowledge the records", e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(topic, records.size(), "Kafka did not acknowledge the records in " + sendTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(topic, records.size(), "the service is shutting down", e);
        }
    }

    private RetryableIngestException unavailable(String topic, int count, String what, Throwable cause) {
        Throwable root = rootCause(cause);
        log.warn(
                "{} records for {} not stored: {} ({}: {})",
                count,
                topic,
                what,
                root.getClass().getSimpleName(),
                root.getMessage());
        return new RetryableIngestException(
                what + "; nothing of this batch may be assumed stored, send it again (with the same ids)",
                retryAfterSeconds,
                cause);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
