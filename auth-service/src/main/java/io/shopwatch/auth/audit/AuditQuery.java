package io.shopwatch.auth.audit;

import java.time.Instant;

/**
 * A search of the audit log, newest first.
 *
 * @param org only this org's events; {@code null} for every org (platform administrators only)
 * @param before only events with a {@code seq} below this (the cursor of the previous page)
 */
public record AuditQuery(
        String org, String action, String actor, String outcome, Instant from, Instant to, Long before, int limit) {}
