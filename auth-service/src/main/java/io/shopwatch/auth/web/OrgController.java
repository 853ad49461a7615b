package io.shopwatch.auth.web;

import io.shopwatch.auth.audit.AuditAction;
import io.shopwatch.auth.audit.AuditEvent;
import io.shopwatch.auth.audit.AuditLog;
import io.shopwatch.auth.audit.Outcome;
import io.shopwatch.auth.org.OrgRecord;
import io.shopwatch.auth.org.OrgRepository;
import io.shopwatch.auth.security.AccessPolicy;
import io.shopwatch.auth.security.Clients;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.TokenClaims;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Organisations: platform administrators create them; everyone sees the ones they belong to. */
@RestController
@RequestMapping("/api/v1/orgs")
public class OrgController {

    static final int MAX_LIMIT = 500;

    private final OrgRepository orgs;
    private final AccessPolicy access;
    private final AuditLog audit;
    private final Clock clock;

    public OrgController(OrgRepository orgs, AccessPolicy access, AuditLog audit, Clock clock) {
        this.orgs = orgs;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    /** The name is the org's identifier in every path and in tokens. */
    public record CreateOrg(
            @NotBlank @Pattern(
                    regexp = TokenClaims.ORG_PATTERN,
                    message = "1 to 63 lower-case letters, digits, _ or -, starting with a letter or digit")
            String name) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OrgPage(List<OrgRecord> data, String nextCursor) {}

    @Operation(summary = "Create an organisation (platform administrators)")
    @PostMapping
    public ResponseEntity<OrgRecord> create(
            @AuthenticationPrincipal Identity caller, @Valid @RequestBody CreateOrg request) {
        access.requirePlatformAdmin(caller);
        OrgRecord org = new OrgRecord(request.name(), clock.instant(), caller.subject());
        if (!orgs.insert(org)) {
            throw ShopWatchException.conflict("org '" + request.name() + "' already exists");
        }
        audit.record(AuditEvent.of(AuditAction.ORG_CREATE, Outcome.SUCCESS)
                .org(org.name())
                .by(caller)
                .target(org.name())
                .request(Clients.current())
                .build());
        return ResponseEntity.created(URI.create("/api/v1/orgs/" + org.name())).body(org);
    }

    @Operation(
            summary = "List organisations",
            description = "Platform administrators see every org; everybody else the org of their token.")
    @GetMapping
    public OrgPage list(
            @AuthenticationPrincipal Identity caller,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ShopWatchException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        if (!access.isPlatformAdmin(caller)) {
            return new OrgPage(orgs.find(caller.org()).stream().toList(), null);
        }
        List<OrgRecord> page = orgs.list(cursor, limit);
        String next = page.size() == limit ? page.get(page.size() - 1).name() : null;
        return new OrgPage(page, next);
    }
}
