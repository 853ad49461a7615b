package io.shopwatch.auth.web;

import io.shopwatch.auth.audit.AuditEntry;
import io.shopwatch.auth.audit.AuditQuery;
import io.shopwatch.auth.audit.AuditRepository;
import io.shopwatch.auth.security.AccessPolicy;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code GET /api/v1/audit}: the audit log, for administrators. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

    static final int MAX_LIMIT = 500;

    private final AuditRepository repository;
    private final AccessPolicy access;

    public AuditController(AuditRepository repository, AccessPolicy access) {
        this.repository = repository;
        this.access = access;
    }

    /** A page of audit events, newest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AuditPage(List<AuditEntry> data, String nextCursor) {}

    @Operation(
            summary = "Search the audit log",
            description = "Org administrators see their own org's events; platform administrators see every org's,"
                    + " or one org's with `org`. Newest first; pass `next_cursor` as `cursor` for the next page.")
    @GetMapping
    public AuditPage search(
            @AuthenticationPrincipal Identity caller,
            @RequestParam(required = false) String org,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") int limit) {
        String scope = access.auditScope(caller, org);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ShopWatchException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        Long before = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw ShopWatchException.invalid("cursor is not one this API returned");
            }
        }
        List<AuditEntry> entries =
                repository.find(new AuditQuery(scope, action, actor, outcome, from, to, before, limit));
        String next = entries.size() == limit
                ? Long.toString(entries.get(entries.size() - 1).seq())
                : null;
        return new AuditPage(entries, next);
    }
}
