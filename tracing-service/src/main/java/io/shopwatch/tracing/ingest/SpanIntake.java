package io.shopwatch.tracing.ingest;

import io.shopwatch.tracing.red.SpanMetrics;
import io.shopwatch.tracing.sampling.TailSampler;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every protocol's receiver (OTLP, Zipkin) hands the span rows of one request. Every span feeds the RED
 * metrics and the service map first, before any sampling, so that they stay exact. Without sampling they are
 * published to Kafka and the call returns once they are durable there (503 otherwise). With tail sampling they wait in
 * the {@link TailSampler} for their trace's decision, and only kept traces are published: such spans are answered
 * before they are durable, and a kept trace Kafka cannot take is logged and lost.
 */
public class SpanIntake {

    private static final Logger log = LoggerFactory.getLogger(SpanIntake.class);

    private final SpanPublisher publisher;
    private final TailSampler sampler;
    private final SpanMetrics metrics;

    /**
     * @param sampler the tail sampler, or null to store every span
     * @param metrics RED and service-map figures, fed with every span before sampling, or null
     */
    public SpanIntake(SpanPublisher publisher, TailSampler sampler, SpanMetrics metrics) {
        this.publisher = publisher;
        this.sampler = sampler;
        this.metrics = metrics;
    }

    /**
     * Takes the span rows of one request of an org.
     *
     * @throws io.shopwatch.common.web.RetryLaterException 503 when Kafka cannot take them (without sampling)
     */
    public void accept(String org, List<Map<String, Object>> rows) {
        if (metrics != null) {
            metrics.observe(org, rows);
        }
        if (sampler == null) {
            publisher.publish(org, rows);
        } else {
            sampler.add(org, rows);
        }
    }

    /** The output of the sampler: a kept trace's spans. */
    public static void publishKept(SpanPublisher publisher, String org, List<Map<String, Object>> rows) {
        try {
            publisher.publish(org, rows);
        } catch (RuntimeException e) {
            log.warn("kept trace of org {} lost, {} spans: {}", org, rows.size(), e.getMessage());
        }
    }
}
