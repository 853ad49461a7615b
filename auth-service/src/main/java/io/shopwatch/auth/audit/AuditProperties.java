package io.shopwatch.auth.audit;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The audit log.
 *
 * @param shippingEnabled ship events to Kafka ({@code shopwatch.audit}) for the pipeline to store in OpenObserve
 * @param shipInterval how often unshipped events are sent
 * @param shipBatchSize most events sent at once
 * @param stream the OpenObserve stream audit events are stored in
 * @param platformOrg the org platform-wide events (no org, e.g. a failed login for an unknown user) are shipped to
 * @param retention events older than this are deleted from PostgreSQL (OpenObserve keeps its own retention)
 */
@Validated
@ConfigurationProperties("shopwatch.auth.audit")
public record AuditProperties(
        boolean shippingEnabled,
        @NotNull Duration shipInterval,
        int shipBatchSize,

        @NotBlank @Pattern(regexp = "[a-zA-Z][a-zA-Z0-9_]{0,127}") String stream,

        @NotBlank String platformOrg,
        @NotNull Duration retention) {}
