package io.shopwatch.logging.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveNames;
import io.shopwatch.logging.ingest.InvalidRecordException;
import io.shopwatch.logging.ingest.MappedRecord;
import io.shopwatch.logging.ingest.RejectReason;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LogRecordMapperTest {

    static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    static final Instant RECEIVED = Instant.parse("2026-11-25T12:00:00Z");

    final LogRecordMapper mapper = new LogRecordMapper(VALIDATION.getValidator());

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    MappedRecord.Accepted accept(String record) {
        return (MappedRecord.Accepted) mapper.map(json(record), "acme", RECEIVED);
    }

    InvalidRecordException reject(String record) {
        return (InvalidRecordException)
                org.assertj.core.api.Assertions.catchThrowable(() -> mapper.map(json(record), "acme", RECEIVED));
    }

    @Test
    void map_minimalRecord_getsIdTimestampAndDefaultStream() {
        MappedRecord.Accepted accepted = accept("{\"level\":\"info\",\"service\":\"cart\",\"message\":\"hi\"}");

        assertThat(mapper.topic()).isEqualTo(Topics.LOGS_RAW);
        assertThat(accepted.id()).isNotBlank();
        assertThat(accepted.key()).isEqualTo(accepted.id());
        assertThat(accepted.envelope().org()).isEqualTo("acme");
        assertThat(accepted.envelope().type()).isEqualTo(TelemetryType.LOG);
        assertThat(accepted.envelope().stream()).isEqualTo("logs");
        assertThat(accepted.envelope().timestamp()).isEqualTo(RECEIVED);
        JsonNode payload = accepted.envelope().payload();
        assertThat(payload.propertyNames()).containsExactlyInAnyOrder("id", "level", "service", "message", "stream");
        assertThat(payload.get("id").asString()).isEqualTo(accepted.id());
        assertThat(payload.get("stream").asString()).isEqualTo("logs");
    }

    @Test
    void map_foldsUnknownFieldsIntoAttributes_withoutOverwritingThem() {
        MappedRecord.Accepted accepted = accept("{\"level\":\"info\",\"service\":\"s\",\"message\":\"m\","
                + "\"attributes\":{\"user\":\"kept\"},\"user\":\"dropped\",\"status\":500}");

        JsonNode attributes = accepted.envelope().payload().get("attributes");
        assertThat(attributes.get("user").asString()).isEqualTo("kept");
        assertThat(attributes.get("status").asInt()).isEqualTo(500);
    }

    @Test
    void map_wrongJsonTypes_areRejectedNamingTheField() {
        assertThat(reject("{\"level\":1,\"service\":\"s\",\"message\":\"m\"}").getMessage())
                .isEqualTo("/level: must be a string, not a number");
        assertThat(reject("{\"level\":\"i\",\"service\":\"s\",\"message\":\"m\",\"attributes\":[1]}")
                        .getMessage())
                .isEqualTo("/attributes: must be an object, not an array");
        assertThat(reject("[]").reason()).isEqualTo(RejectReason.NOT_AN_OBJECT);
    }

    @Test
    void map_constraintViolations_areAllListedWithJsonNames() {
        InvalidRecordException e = reject(
                "{\"id\":\"" + "x".repeat(200) + "\",\"service\":\" \"," + "\"span_id\":\"zz\",\"stream\":\"9lives\"}");

        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_FIELD);
        assertThat(e.getMessage())
                .contains("/id: size must be between 0 and 128")
                .contains("/level: must not be blank")
                .contains("/message: must not be null")
                .contains("/service: must not be blank")
                .contains("/span_id: must match")
                .contains("/stream: must match");
    }

    @Test
    void map_explicitNulls_areDropped_andTheTimestampIsTheEnvelopes() {
        MappedRecord.Accepted accepted = accept("{\"level\":\"info\",\"service\":\"s\",\"message\":\"m\","
                + "\"trace_id\":null,\"attributes\":null,\"timestamp\":\"2026-11-25T10:00:00.500000Z\"}");

        JsonNode payload = accepted.envelope().payload();
        assertThat(payload.has("trace_id")).isFalse();
        assertThat(payload.has("attributes")).isFalse();
        assertThat(payload.has("timestamp")).isFalse();
        assertThat(accepted.envelope().timestamp()).isEqualTo(Instant.parse("2026-11-25T10:00:00.5Z"));
    }

    @Test
    void map_normalisesStreamAndIds() {
        MappedRecord.Accepted accepted = accept("{\"level\":\"info\",\"service\":\"s\",\"message\":\"m\","
                + "\"stream\":\"Checkout Errors\",\"trace_id\":\"4BF92F3577B34DA6A3CE929D0E0E4736\"}");

        assertThat(accepted.envelope().stream()).isEqualTo("checkout_errors");
        assertThat(accepted.envelope().payload().get("trace_id").asString())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void map_streamWithRunsOfDashes_isNamedLikeOpenObserveAndTheStore() {
        MappedRecord.Accepted accepted =
                accept("{\"level\":\"info\",\"service\":\"s\",\"message\":\"m\",\"stream\":\"Orders--EU.2026\"}");

        assertThat(accepted.envelope().stream())
                .isEqualTo("orders_eu_2026")
                .isEqualTo(OpenObserveNames.streamName("Orders--EU.2026"));
    }

    @Test
    void map_streamWithAColon_keptByOpenObserve_isRefusedByTheStreamNameCheck() {
        InvalidRecordException e =
                reject("{\"level\":\"info\",\"service\":\"s\",\"message\":\"m\",\"stream\":\"team:orders\"}");

        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_FIELD);
        assertThat(e.getMessage()).contains("/stream: must match");
    }

    @Test
    void map_rejectedRecord_keepsNothing() {
        assertThatThrownBy(() -> mapper.map(json("{\"level\":\"info\"}"), "acme", RECEIVED))
                .isInstanceOf(InvalidRecordException.class);
    }
}
