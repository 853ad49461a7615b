package io.shopwatch.tracing.ingest;

import java.util.List;
import java.util.Map;

/**
 * Where every protocol's receiver (OTLP, Zipkin) hands the span rows of one request: they are published to Kafka, and
 * the call returns once they are durable there.
 */
public class SpanIntake {

    private final SpanPublisher publisher;

    public SpanIntake(SpanPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Takes the span rows of one request of an org.
     *
     * @throws io.shopwatch.common.web.RetryLaterException 503 when Kafka cannot take them
     */
    public void accept(String org, List<Map<String, Object>> rows) {
        publisher.publish(org, rows);
    }
}
