package io.shopwatch.common.event;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What travels on ShopWatch's Kafka topics: one telemetry record with the identity that routing, de-duplication and
 * tenant isolation need.
 *
 * @param id unique id of the record, used to remove duplicates caused by redelivery
 * @param org the organisation (tenant) the record belongs to
 * @param stream the OpenObserve stream it is stored in
 * @param type what the payload is
 * @param timestamp when the record happened
 * @param payload the record itself, as JSON
 */
public record Envelope(
        @NotBlank String id,
        @NotBlank @Pattern(regexp = "[a-zA-Z0-9_-]{1,64}") String org,
        @NotBlank @Pattern(regexp = StreamNames.PATTERN) String stream,
        @NotNull TelemetryType type,
        @NotNull Instant timestamp,
        @NotNull JsonNode payload) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(payload, "payload");
    }
}
