package io.shopwatch.auth.audit;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A stored audit event, as {@code GET /api/v1/audit} returns it and as it is shipped to OpenObserve.
 *
 * @param id unique id of the event (also the Kafka envelope id, so redelivery never stores it twice)
 * @param seq position in this auth-service's log; the paging cursor
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditEntry(
        String id,
        long seq,
        Instant timestamp,
        String org,
        String actor,
        String actorKind,
        String action,
        String outcome,
        String target,
        String ip,
        Map<String, Object> details) {}
