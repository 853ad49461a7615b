package io.shopwatch.auth.apikey;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.auth.audit.AuditAction;
import io.shopwatch.auth.audit.AuditEvent;
import io.shopwatch.auth.audit.AuditLog;
import io.shopwatch.auth.audit.ClientInfo;
import io.shopwatch.auth.audit.Outcome;
import io.shopwatch.auth.org.OrgRepository;
import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.web.ShopWatchException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Creates, lists, revokes and verifies API keys. Callers have already passed {@code AccessPolicy}. */
@Service
public class ApiKeyService {

    /** Roles a key may hold: administration needs a person who logged in. */
    public static final Set<Role> KEY_ROLES = Set.of(Role.INGEST, Role.VIEWER, Role.OPERATOR);

    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final OrgRepository orgs;
    private final AuditLog audit;
    private final ApiKeyProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyService(
            ApiKeyRepository keys,
            OrgRepository orgs,
            AuditLog audit,
            ApiKeyProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.keys = keys;
        this.orgs = orgs;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** A key just created: the record and the full key value, which is never shown again. */
    public record CreatedKey(ApiKeyRecord record, String value) {
        @Override
        public String toString() {
            return "CreatedKey[" + record + "]";
        }
    }

    /** A key that verified, and the identity it stands for. */
    public record VerifiedKey(ApiKeyRecord record, Identity identity) {}

    public CreatedKey create(
            Identity caller, String org, String name, Role role, Instant expiresAt, ClientInfo client) {
        if (!orgs.exists(org)) {
            throw ShopWatchException.notFound("org", org);
        }
        if (!KEY_ROLES.contains(role)) {
            throw ShopWatchException.invalid("an API key may hold the role ingest, viewer or operator, not " + role);
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ShopWatchException.invalid("expires_at must be in the future");
        }
        if (keys.countActive(org) >= properties.maxPerOrg()) {
            throw ShopWatchException.conflict(
                    "org '" + org + "' already has " + properties.maxPerOrg() + " active API keys; revoke some first");
        }
        ApiKeyFormat.NewKey generated = ApiKeyFormat.generate(random);
        ApiKeyRecord record = new ApiKeyRecord(
                generated.id(),
                org,
                name,
                role,
                generated.secretHash(),
                now,
                caller.subject(),
                expiresAt,
                null,
                null,
                null);
        try {
            keys.insert(record);
        } catch (DuplicateKeyException e) {
            throw ShopWatchException.conflict("org '" + org + "' already has an active API key named '" + name + "'");
        }
        audit.record(AuditEvent.of(AuditAction.API_KEY_CREATE, Outcome.SUCCESS)
                .org(org)
                .by(caller)
                .target(record.id())
                .request(client)
                .detail("name", name)
                .detail("role", role.id())
                .detail("expires_at", expiresAt == null ? null : expiresAt.toString())
                .build());
        return new CreatedKey(record, generated.value());
    }

    public List<ApiKeyRecord> list(String org, boolean includeRevoked) {
        if (!orgs.exists(org)) {
            throw ShopWatchException.notFound("org", org);
        }
        return keys.list(org, includeRevoked);
    }

    /** Revokes a key of the org; revoking a revoked key again changes nothing. */
    public void revoke(Identity caller, String org, String id, ClientInfo client) {
        ApiKeyRecord key = keys.find(id)
                .filter(k -> k.org().equals(org))
                .orElseThrow(() -> ShopWatchException.notFound("API key", id));
        if (keys.revoke(key.id(), caller.subject(), clock.instant())) {
            audit.record(AuditEvent.of(AuditAction.API_KEY_REVOKE, Outcome.SUCCESS)
                    .org(org)
                    .by(caller)
                    .target(key.id())
                    .request(client)
                    .detail("name", key.name())
                    .build());
        }
    }

    /**
     * The identity an API key stands for.
     *
     * @throws ApiKeyRejectedException when the key is malformed, unknown, wrong, revoked or expired (also recorded as
     *     an {@code apikey.verify} failure)
     */
    public VerifiedKey verify(String value, ClientInfo client) {
        ApiKeyFormat.Parsed parsed =
                ApiKeyFormat.parse(value).orElseThrow(() -> reject(null, null, "malformed", client));
        ApiKeyRecord key = keys.find(parsed.id()).orElseThrow(() -> reject(parsed.id(), null, "unknown", client));
        if (!ApiKeyFormat.matches(parsed.secret(), key.secretHash())) {
            throw reject(key.id(), key.org(), "wrong_secret", client);
        }
        Instant now = clock.instant();
        String status = key.status(now);
        if (!"active".equals(status)) {
            throw reject(key.id(), key.org(), status, client);
        }
        if (key.lastUsedAt() == null || key.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now)) {
            keys.touch(key.id(), now);
        }
        meters.counter("shopwatch.auth.api_key.verifications", "outcome", "valid")
                .increment();
        Identity identity = new Identity(
                "apikey:" + key.id(), key.org(), Set.of(key.role()), AuthKind.API_KEY, false, null, key.expiresAt());
        return new VerifiedKey(key, identity);
    }

    private ApiKeyRejectedException reject(String keyId, String org, String reason, ClientInfo client) {
        meters.counter("shopwatch.auth.api_key.verifications", "outcome", reason)
                .increment();
        audit.record(AuditEvent.of(AuditAction.API_KEY_VERIFY, Outcome.FAILURE)
                .org(org)
                .actor(keyId == null ? AuditEvent.ANONYMOUS : "apikey:" + keyId, AuditEvent.API_KEY)
                .target(keyId)
                .request(client)
                .detail("reason", reason)
                .build());
        return new ApiKeyRejectedException(reason);
    }
}
