package io.shopwatch.tracing.ingest;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.trace.SpanRows;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes span rows to {@link Topics#SPANS_RAW} as envelopes of type {@code SPAN}, keyed by trace id so that every span
 * of a trace lands on one partition (and one consumer). Returns only when Kafka acknowledged every span; otherwise
 * throws a 503 {@link RetryLaterException}, and nothing of the request may be assumed stored (the envelope id is trace
 * id + span id, so a retried request is deduplicated by the pipeline).
 */
public class SpanPublisher {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final KafkaTemplate<String, byte[]> template;
    private final Serializer<Envelope> serializer = new EnvelopeSerde().serializer();
    private final String stream;
    private final Duration sendTimeout;
    private final Duration retryAfter;

    public SpanPublisher(
            KafkaTemplate<String, byte[]> template, String stream, Duration sendTimeout, Duration retryAfter) {
        this.template = template;
        this.stream = stream;
        this.sendTimeout = sendTimeout;
        this.retryAfter = retryAfter;
    }

    /** Sends the rows of one request for an org and waits for their acknowledgement. */
    public void publish(String org, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] acks = new CompletableFuture<?>[rows.size()];
        try {
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> row = rows.get(i);
                String traceId = (String) row.get(SpanRows.TRACE_ID);
                Envelope envelope = new Envelope(
                        traceId + row.get(SpanRows.SPAN_ID),
                        org,
                        stream,
                        TelemetryType.SPAN,
                        EnvelopeSerde.instantOfMicros((Long) row.get(SpanRows.TIMESTAMP)),
                        JSON.valueToTree(row));
                acks[i] = template.send(Topics.SPANS_RAW, traceId, serializer.serialize(Topics.SPANS_RAW, envelope));
            }
            CompletableFuture.allOf(acks).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unavailable("Kafka did not acknowledge the spans in " + sendTimeout, e);
        } catch (ExecutionException e) {
            throw unavailable("Kafka refused the spans: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for Kafka", e);
        } catch (RuntimeException e) {
            // the producer throws from send() itself when the broker's metadata or buffer space does not come in time
            throw unavailable("Kafka cannot take spans: " + e.getMessage(), e);
        }
    }

    private RetryLaterException unavailable(String detail, Throwable cause) {
        return new RetryLaterException(
                ProblemType.UNAVAILABLE,
                detail + "; nothing of this request may be assumed stored, send it again",
                retryAfter,
                cause);
    }
}
