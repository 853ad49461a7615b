package io.shopwatch.auth.web;

import io.shopwatch.auth.audit.AuditAction;
import io.shopwatch.auth.audit.AuditEvent;
import io.shopwatch.auth.audit.AuditLog;
import io.shopwatch.auth.audit.Outcome;
import io.shopwatch.common.security.TokenClaims;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /internal/v1/audit/denied}: the gateway reports the requests it refused (401, 403, 429), and they join
 * the audit log as {@code request.denied}. Only callers with the internal secret get here.
 */
@RestController
@RequestMapping("/internal/v1/audit")
public class InternalAuditController {

    static final int MAX_BATCH = 500;

    private final AuditLog audit;

    public InternalAuditController(AuditLog audit) {
        this.audit = audit;
    }

    /** A batch of refused requests. */
    public record DeniedRequests(
            @NotEmpty @Size(max = MAX_BATCH) List<@Valid DeniedRequest> events) {}

    /**
     * One refused request, as the gateway saw it.
     *
     * @param org the org the request tried to reach (from its path), if any
     * @param subject who was identified ({@code sub} of the token, {@code apikey:<id>}), if anyone
     * @param authKind {@code user}, {@code api_key}, or absent for anonymous requests
     * @param status the status the gateway answered: 401, 403 or 429
     * @param reason a short machine-readable reason ({@code expired_token}, {@code wrong_org}, {@code role}, ...)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeniedRequest(
            Instant timestamp,
            @Pattern(regexp = TokenClaims.ORG_PATTERN) String org,
            @Size(max = 160) String subject,
            @Pattern(regexp = "user|api_key") String authKind,
            @Size(max = 64) String ip,
            @NotBlank @Size(max = 16) String method,
            @NotBlank @Size(max = 2048) String path,
            @Min(400) @Max(599) int status,
            @NotBlank @Size(max = 128) String reason,
            @Size(max = 128) String requestId,
            @Size(max = 256) String userAgent) {}

    @Operation(
            summary = "Record requests the gateway refused",
            description = "Internal: requires the X-ShopWatch-Internal-Secret header. Answers 202 with the number"
                    + " of events recorded.")
    @SecurityRequirement(name = "internal")
    @PostMapping("/denied")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Map<String, Integer> denied(@Valid @RequestBody DeniedRequests body) {
        for (DeniedRequest denied : body.events()) {
            boolean identified = denied.subject() != null && !denied.subject().isBlank();
            audit.record(AuditEvent.of(AuditAction.REQUEST_DENIED, Outcome.DENIED)
                    .org(denied.org())
                    .actor(
                            identified ? denied.subject() : AuditEvent.ANONYMOUS,
                            identified && denied.authKind() != null ? denied.authKind() : AuditEvent.ANONYMOUS)
                    .target(denied.path())
                    .ip(denied.ip())
                    .detail("source", AuditEvent.GATEWAY)
                    .detail("method", denied.method())
                    .detail("path", denied.path())
                    .detail("status", denied.status())
                    .detail("reason", denied.reason())
                    .detail("request_id", denied.requestId())
                    .detail("user_agent", denied.userAgent())
                    .detail(
                            "reported_at",
                            denied.timestamp() == null
                                    ? null
                                    : denied.timestamp().toString())
                    .build());
        }
        return Map.of("accepted", body.events().size());
    }
}
