package io.shopwatch.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;

/**
 * One business log line from a storefront service.
 *
 * @param id idempotency key; the ingestion service generates one when absent
 * @param timestamp when it happened; the ingestion service defaults it to the time of receipt
 * @param stream OpenObserve stream it is stored in; {@code logs} when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogRecord(
        @Size(max = 128) String id,
        Instant timestamp,
        @NotBlank @Size(max = 16) String level,
        @NotBlank @Size(max = 128) String service,
        @NotNull @Size(max = 65_536) String message,

        @JsonProperty("trace_id") @Pattern(regexp = "[0-9a-f]{32}") String traceId,

        @JsonProperty("span_id") @Pattern(regexp = "[0-9a-f]{16}") String spanId,

        @Pattern(regexp = StreamNames.PATTERN) String stream,
        Map<String, Object> attributes) {

    public static final String DEFAULT_STREAM = "logs";

    public LogRecord {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The stream this record goes to, {@value #DEFAULT_STREAM} when none was given. */
    public String streamOrDefault() {
        return stream == null || stream.isBlank() ? DEFAULT_STREAM : stream;
    }
}
