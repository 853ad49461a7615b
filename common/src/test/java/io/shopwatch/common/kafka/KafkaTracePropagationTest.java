package io.shopwatch.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.json.JsonMapper;

/**
 * A record sent inside a trace reaches a real broker with a W3C {@code traceparent} header, and the listener on the
 * other side continues the same trace.
 */
@SpringBootTest(
        classes = KafkaTracePropagationTest.TraceApp.class,
        properties = {
            "spring.kafka.producer.value-serializer=io.shopwatch.common.kafka.EnvelopeSerde$EnvelopeSerializer",
            "spring.kafka.consumer.value-deserializer=io.shopwatch.common.kafka.EnvelopeSerde$EnvelopeDeserializer",
            "spring.kafka.producer.acks=all",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "spring.kafka.consumer.group-id=trace-test",
            "spring.kafka.template.observation-enabled=true",
            "spring.kafka.listener.observation-enabled=true",
            "management.tracing.sampling.probability=1.0"
        })
@EmbeddedKafka(
        partitions = 1,
        topics = KafkaTracePropagationTest.TOPIC,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class KafkaTracePropagationTest {

    static final String TOPIC = "trace-propagation-test";

    @SpringBootApplication
    static class TraceApp {
        @Bean
        Received received(Tracer tracer) {
            return new Received(tracer);
        }
    }

    static class Received {
        final Tracer tracer;
        final AtomicReference<ConsumerRecord<String, Envelope>> record = new AtomicReference<>();
        final AtomicReference<String> traceIdInListener = new AtomicReference<>();

        Received(Tracer tracer) {
            this.tracer = tracer;
        }

        @KafkaListener(topics = TOPIC)
        void on(ConsumerRecord<String, Envelope> in) {
            Span current = tracer.currentSpan();
            traceIdInListener.set(current == null ? null : current.context().traceId());
            record.set(in);
        }
    }

    @Autowired
    KafkaTemplate<String, Envelope> template;

    @Autowired
    Tracer tracer;

    @Autowired
    Received received;

    @Test
    void send_inTrace_listenerSeesSameTraceAndTraceparentHeader() throws Exception {
        Envelope envelope = new Envelope(
                "rec-1",
                "default",
                "logs",
                TelemetryType.LOG,
                Instant.parse("2026-11-25T10:00:00Z"),
                JsonMapper.builder().build().readTree("{\"message\":\"order placed\"}"));

        Span span = tracer.nextSpan().name("ingest").start();
        String traceId = span.context().traceId();
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            template.send(TOPIC, envelope.id(), envelope).get();
        } finally {
            span.end();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> received.record.get() != null);
        ConsumerRecord<String, Envelope> in = received.record.get();
        assertThat(in.value()).isEqualTo(envelope);
        Header traceparent = in.headers().lastHeader("traceparent");
        assertThat(traceparent).as("traceparent header").isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8))
                .matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(received.traceIdInListener.get()).isEqualTo(traceId);
    }
}
