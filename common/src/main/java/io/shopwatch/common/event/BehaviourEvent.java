package io.shopwatch.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;

/**
 * One user-behaviour event from the storefront ({@code page_view}, {@code add_to_cart}, {@code order_placed} ...).
 * Events of one session share a Kafka key so that they stay in order.
 *
 * @param userId pseudonymous user id, absent for anonymous visitors
 * @param properties type-specific fields: product id, price, currency, order id, amount ...
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BehaviourEvent(
        @Size(max = 128) String id,
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9_]{0,63}") String type,

        @JsonProperty("session_id") @NotBlank @Size(max = 128) String sessionId,

        @JsonProperty("user_id") @Size(max = 128) String userId,
        Instant timestamp,
        Map<String, Object> properties) {

    public static final String DEFAULT_STREAM = "events";

    public BehaviourEvent {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
