package io.shopwatch.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;

/** One finished span, with OpenTelemetry's identifiers in lower-case hex. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpanRecord(
        @JsonProperty("trace_id") @NotNull @Pattern(regexp = "[0-9a-f]{32}") String traceId,

        @JsonProperty("span_id") @NotNull @Pattern(regexp = "[0-9a-f]{16}") String spanId,

        @JsonProperty("parent_span_id") @Pattern(regexp = "[0-9a-f]{16}") String parentSpanId,

        @NotBlank @Size(max = 256) String name,
        @NotBlank @Size(max = 128) String service,
        Kind kind,
        @NotNull Instant start,
        @NotNull Instant end,
        Status status,
        Map<String, Object> attributes) {

    public enum Kind {
        INTERNAL,
        SERVER,
        CLIENT,
        PRODUCER,
        CONSUMER
    }

    public enum Status {
        UNSET,
        OK,
        ERROR
    }

    public SpanRecord {
        kind = kind == null ? Kind.INTERNAL : kind;
        status = status == null ? Status.UNSET : status;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    @AssertTrue(message = "end must not be before start") boolean isEndNotBeforeStart() {
        return start == null || end == null || !end.isBefore(start);
    }
}
