package io.shopwatch.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventValidationTest {

    private static final jakarta.validation.ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    private static Set<String> invalidFields(Object value) {
        return VALIDATOR.validate(value).stream()
                .map(ConstraintViolation::getPropertyPath)
                .map(Object::toString)
                .collect(Collectors.toSet());
    }

    @Test
    void logRecord_valid_hasNoViolations() {
        LogRecord log = new LogRecord(
                null, Instant.now(), "ERROR", "checkout", "payment declined", null, null, "orders", Map.of("k", 1));
        assertThat(invalidFields(log)).isEmpty();
        assertThat(log.streamOrDefault()).isEqualTo("orders");
    }

    @Test
    void logRecord_missingLevelAndBadTraceId_areReported() {
        LogRecord log = new LogRecord(null, null, " ", "checkout", "m", "XYZ", null, null, null);
        assertThat(invalidFields(log)).containsExactlyInAnyOrder("level", "traceId");
        assertThat(log.streamOrDefault()).isEqualTo(LogRecord.DEFAULT_STREAM);
        assertThat(log.attributes()).isEmpty();
    }

    @Test
    void logRecord_snakeCaseJson_isRead() {
        LogRecord log = JsonMapper.builder()
                .build()
                .readValue(
                        "{\"level\":\"INFO\",\"service\":\"cart\",\"message\":\"ok\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}",
                        LogRecord.class);
        assertThat(log.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void behaviourEvent_badTypeAndMissingSession_areReported() {
        BehaviourEvent event = new BehaviourEvent(null, "Add To Cart", null, null, null, null);
        assertThat(invalidFields(event)).containsExactlyInAnyOrder("type", "sessionId");
    }

    @Test
    void metricSample_badNameAndMissingValue_areReported() {
        MetricSample sample = new MetricSample("1bad-name", null, null, null, null);
        assertThat(invalidFields(sample)).containsExactlyInAnyOrder("name", "value");
        assertThat(sample.kind()).isEqualTo(MetricSample.Kind.GAUGE);
    }

    @Test
    void span_endBeforeStart_isReported() {
        Instant start = Instant.parse("2026-11-25T10:00:00Z");
        SpanRecord span = new SpanRecord(
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7",
                null,
                "POST /checkout",
                "checkout",
                null,
                start,
                start.minusMillis(1),
                null,
                null);
        assertThat(invalidFields(span)).containsExactly("endNotBeforeStart");
    }

    @Test
    void streamNames_normalise_likeOpenObserve() {
        assertThat(io.shopwatch.common.openobserve.OpenObserveNames.streamName("Orders-EU.2026"))
                .isEqualTo("orders_eu_2026");
    }
}
