package io.shopwatch.auth.org;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** An organisation (tenant). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OrgRecord(String name, Instant createdAt, String createdBy) {}
