package io.shopwatch.logging.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.BehaviourEvent;
import io.shopwatch.common.event.LogRecord;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The compiled checks agree with Hibernate Validator on every record, valid or not. */
class RecordConstraintsTest {

    static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    static final Validator VALIDATOR = VALIDATION.getValidator();
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    static <T> Set<String> messages(Set<ConstraintViolation<T>> violations) {
        return violations.stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .collect(Collectors.toSet());
    }

    @Test
    void logRecords_sameVerdictAndMessagesAsTheValidator() {
        RecordConstraints<LogRecord> fast = RecordConstraints.of(LogRecord.class, VALIDATOR);
        assertThat(fast.compiled()).isTrue();
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        List<LogRecord> records = List.of(
                new LogRecord(null, NOW, "INFO", "svc", "m", null, null, null, null),
                new LogRecord("x".repeat(128), NOW, "INFO", "svc", "", trace, "00f067aa0ba902b7", "logs", null),
                new LogRecord("x".repeat(129), NOW, "INFO", "svc", "m", null, null, null, null),
                new LogRecord(null, NOW, " \\t", "svc", "m", null, null, null, null),
                new LogRecord(null, NOW, "INFO", "\\u2003", "m", null, null, null, null),
                new LogRecord(null, NOW, "INFO", "svc", null, null, null, null, null),
                new LogRecord(null, NOW, "INFO", "svc", "m", trace.toUpperCase(), null, null, null),
                new LogRecord(null, NOW, "INFO", "svc", "m", null, "short", null, null),
                new LogRecord(null, NOW, "INFO", "svc", "m", null, null, "9lives", null),
                new LogRecord(null, NOW, "LEVEL_THAT_IS_TOO_LONG", "svc", "m", null, null, null, null));

        for (LogRecord record : records) {
            assertThat(messages(fast.validate(record)))
                    .as(record.toString())
                    .isEqualTo(messages(VALIDATOR.validate(record)));
            assertThat(fast.valid(
                            record.id(),
                            record.timestamp(),
                            record.level(),
                            record.service(),
                            record.message(),
                            record.traceId(),
                            record.spanId(),
                            record.stream(),
                            record.attributes()))
                    .as("the values alone, without the record: " + record)
                    .isEqualTo(VALIDATOR.validate(record).isEmpty());
        }
    }

    @Test
    void behaviourEvents_sameVerdictAsTheValidator() {
        RecordConstraints<BehaviourEvent> fast = RecordConstraints.of(BehaviourEvent.class, VALIDATOR);
        assertThat(fast.compiled()).isTrue();
        List<BehaviourEvent> events = List.of(
                new BehaviourEvent(null, "page_view", "s", null, NOW, null),
                new BehaviourEvent(null, "Page", "s", null, NOW, null),
                new BehaviourEvent(null, "page_view", "", null, NOW, null),
                new BehaviourEvent(null, null, "s", "u".repeat(129), NOW, null));

        for (BehaviourEvent event : events) {
            assertThat(messages(fast.validate(event))).isEqualTo(messages(VALIDATOR.validate(event)));
        }
    }

    record WithEmail(@NotBlank String name, @Email String contact) {}

    @Test
    void aConstraintItDoesNotKnow_sendsEveryRecordToTheValidator() {
        RecordConstraints<WithEmail> checks = RecordConstraints.of(WithEmail.class, VALIDATOR);

        assertThat(checks.compiled()).isFalse();
        assertThat(checks.valid("a", "a@example.com"))
                .as("not compiled: always ask the validator")
                .isFalse();
        assertThat(checks.validate(new WithEmail("a", "not-an-address"))).hasSize(1);
        assertThat(checks.validate(new WithEmail("a", "a@example.com"))).isEmpty();
    }
}
