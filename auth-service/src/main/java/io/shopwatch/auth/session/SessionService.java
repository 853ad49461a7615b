package io.shopwatch.auth.session;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.auth.audit.AuditAction;
import io.shopwatch.auth.audit.AuditEvent;
import io.shopwatch.auth.audit.AuditLog;
import io.shopwatch.auth.audit.ClientInfo;
import io.shopwatch.auth.audit.Outcome;
import io.shopwatch.auth.keys.AccessTokenIssuer;
import io.shopwatch.auth.keys.TokenProperties;
import io.shopwatch.auth.org.OrgRepository;
import io.shopwatch.auth.throttle.LoginThrottle;
import io.shopwatch.auth.user.Binding;
import io.shopwatch.auth.user.PasswordHashing;
import io.shopwatch.auth.user.PasswordPolicy;
import io.shopwatch.auth.user.UserRecord;
import io.shopwatch.auth.user.UserRepository;
import io.shopwatch.auth.user.Usernames;
import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import io.shopwatch.common.web.ShopWatchException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Login, refresh, logout and password change. Refresh tokens rotate: each refresh answers a new one and retires the old
 * one; presenting a retired one again means it was copied, and the whole family is revoked.
 */
@Service
public class SessionService {

    static final String REFRESH_PREFIX = "swr_";
    private static final String BAD_CREDENTIALS = "invalid user name or password";
    private static final String BAD_REFRESH = "refresh token is not valid";

    private final UserRepository users;
    private final OrgRepository orgs;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHashing passwords;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    private final AccessTokenIssuer issuer;
    private final TokenProperties tokens;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;
    private final SecureRandom random = new SecureRandom();

    public SessionService(
            UserRepository users,
            OrgRepository orgs,
            RefreshTokenRepository refreshTokens,
            PasswordHashing passwords,
            PasswordPolicy policy,
            LoginThrottle throttle,
            AccessTokenIssuer issuer,
            TokenProperties tokens,
            AuditLog audit,
            PlatformTransactionManager transactions,
            Clock clock,
            MeterRegistry meters) {
        this.users = users;
        this.orgs = orgs;
        this.refreshTokens = refreshTokens;
        this.passwords = passwords;
        this.policy = policy;
        this.throttle = throttle;
        this.issuer = issuer;
        this.tokens = tokens;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.meters = meters;
    }

    /** The org and role a token is issued for. */
    private record Grant(UserRecord user, String org, Role role) {}

    /**
     * Checks a password and issues tokens for the user's first org, or for {@code requestedOrg}.
     *
     * @throws ShopWatchException 401 for a wrong user name or password, 403 when the user may not act in the org or is
     *     disabled there
     * @throws RetryLaterException 429 when the client address is over its limits, 423 when the user name is locked
     */
    public TokenPair login(String username, String password, String requestedOrg, ClientInfo request) {
        String name = throttleKey(username);
        try {
            throttle.checkAllowed(name, request.ip());
        } catch (RetryLaterException e) {
            count("refused");
            audit.record(loginEvent(Outcome.FAILURE, name, request)
                    .org(homeOrg(name))
                    .detail("reason", e.type() == ProblemType.LOCKED ? "locked" : "rate_limited")
                    .build());
            throw e;
        }
        Optional<UserRecord> user = Usernames.isValid(name) ? users.findByUsername(name) : Optional.empty();
        boolean valid =
                passwords.matches(password, user.map(UserRecord::passwordHash).orElse(null));
        if (!valid) {
            failedPassword(name, user.isPresent() ? homeOrg(name) : null, request, "bad_credentials");
            throw new ShopWatchException(ProblemType.UNAUTHORIZED, BAD_CREDENTIALS);
        }
        throttle.recordSuccess(name);
        UserRecord account = user.orElseThrow();
        Grant grant = grant(account, requestedOrg, request, AuditAction.LOGIN);
        if (passwords.needsRehash(account.passwordHash())) {
            users.updatePassword(account.id(), passwords.hash(password), account.passwordChangedAt());
        }
        TokenPair pair = transaction.execute(status -> issue(grant, UUID.randomUUID()));
        count("success");
        audit.record(loginEvent(Outcome.SUCCESS, name, request)
                .org(grant.org())
                .detail("role", grant.role().id())
                .build());
        return pair;
    }

    /**
     * Issues tokens for another org of the signed-in user (a new login there, without the password): only for people,
     * and only into an org where they hold an enabled role (or any existing org for a platform administrator).
     *
     * @throws ShopWatchException 403 when the caller is not a person, is not a member of the org or is disabled there;
     *     401 when the user no longer exists
     */
    public TokenPair switchOrg(Identity caller, String org, ClientInfo request) {
        if (caller.kind() != AuthKind.USER) {
            audit.record(AuditEvent.of(AuditAction.SWITCH_ORG, Outcome.DENIED)
                    .by(caller)
                    .target(org)
                    .request(request)
                    .detail("reason", "not_a_user")
                    .build());
            throw new ShopWatchException(ProblemType.FORBIDDEN, "only people switch orgs; an API key is for one org");
        }
        UserRecord user = users.findByUsername(caller.subject())
                .orElseThrow(() -> new ShopWatchException(ProblemType.UNAUTHORIZED, "user no longer exists"));
        Grant grant = grant(user, org, request, AuditAction.SWITCH_ORG);
        TokenPair pair = transaction.execute(status -> issue(grant, UUID.randomUUID()));
        audit.record(AuditEvent.of(AuditAction.SWITCH_ORG, Outcome.SUCCESS)
                .org(grant.org())
                .actor(user.username(), AuditEvent.USER)
                .target(user.username())
                .request(request)
                .detail("from_org", caller.org())
                .detail("role", grant.role().id())
                .build());
        return pair;
    }

    /** Issues a new token pair for a refresh token, which stops working. */
    public TokenPair refresh(String refreshToken, ClientInfo request) {
        if (refreshToken == null || !refreshToken.startsWith(REFRESH_PREFIX) || refreshToken.length() > 128) {
            audit.record(refreshEvent(Outcome.FAILURE, null, null, request)
                    .detail("reason", "malformed")
                    .build());
            throw new ShopWatchException(ProblemType.UNAUTHORIZED, BAD_REFRESH);
        }
        byte[] hash = RefreshTokenRepository.hash(refreshToken);
        RefreshResult result = transaction.execute(status -> refreshLocked(hash));
        if (result.pair() == null) {
            AuditAction action = result.reused() ? AuditAction.REFRESH_REUSE : AuditAction.REFRESH;
            audit.record(AuditEvent.of(action, Outcome.FAILURE)
                    .org(result.org())
                    .actor(result.username() == null ? AuditEvent.ANONYMOUS : result.username(), AuditEvent.USER)
                    .target(result.username())
                    .request(request)
                    .detail("reason", result.reason())
                    .build());
            throw new ShopWatchException(ProblemType.UNAUTHORIZED, BAD_REFRESH);
        }
        audit.record(refreshEvent(Outcome.SUCCESS, result.username(), result.org(), request)
                .build());
        return result.pair();
    }

    /** Revokes the refresh token (and the family it belongs to). Unknown tokens are ignored. */
    public void logout(String refreshToken, ClientInfo request) {
        if (refreshToken == null || !refreshToken.startsWith(REFRESH_PREFIX) || refreshToken.length() > 128) {
            return;
        }
        byte[] hash = RefreshTokenRepository.hash(refreshToken);
        Optional<RefreshTokenRecord> found = transaction.execute(status -> {
            Optional<RefreshTokenRecord> row = refreshTokens.lock(hash);
            row.ifPresent(
                    r -> refreshTokens.revokeFamily(r.familyId(), RefreshTokenRepository.LOGOUT, clock.instant()));
            return row;
        });
        found.ifPresent(row -> {
            String username =
                    users.findById(row.userId()).map(UserRecord::username).orElse(null);
            audit.record(AuditEvent.of(AuditAction.LOGOUT, Outcome.SUCCESS)
                    .org(row.org())
                    .actor(username, AuditEvent.USER)
                    .target(username)
                    .request(request)
                    .build());
        });
    }

    /** Changes the caller's own password; every refresh token of theirs stops working. */
    public void changePassword(Identity caller, String currentPassword, String newPassword, ClientInfo request) {
        if (caller.kind() != AuthKind.USER) {
            throw new ShopWatchException(ProblemType.FORBIDDEN, "only people have passwords");
        }
        UserRecord user = users.findByUsername(caller.subject())
                .orElseThrow(() -> new ShopWatchException(ProblemType.UNAUTHORIZED, "user no longer exists"));
        if (user.bootstrap()) {
            throw ShopWatchException.conflict(
                    "the bootstrap administrator's password is set by SHOPWATCH_ADMIN_PASSWORD");
        }
        throttle.checkAllowed(user.username(), request.ip());
        if (!passwords.matches(currentPassword, user.passwordHash())) {
            failedPassword(user.username(), caller.org(), request, "bad_current_password");
            throw new ShopWatchException(ProblemType.FORBIDDEN, "current password is wrong");
        }
        List<String> violations = policy.violations(newPassword, user.username());
        if (!violations.isEmpty()) {
            throw ShopWatchException.invalid(String.join("; ", violations));
        }
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            users.updatePassword(user.id(), passwords.hash(newPassword), now);
            refreshTokens.revokeUser(user.id(), null, RefreshTokenRepository.PASSWORD_CHANGED, now);
        });
        audit.record(AuditEvent.of(AuditAction.PASSWORD_CHANGE, Outcome.SUCCESS)
                .by(caller)
                .target(user.username())
                .request(request)
                .build());
    }

    private void failedPassword(String name, String org, ClientInfo request, String reason) {
        count("failure");
        LoginThrottle.Failure failure = throttle.recordFailure(name, request.ip());
        audit.record(loginEvent(Outcome.FAILURE, name, request)
                .org(org)
                .detail("reason", reason)
                .build());
        failure.userLockedUntil().ifPresent(until -> {
            meters.counter("shopwatch.auth.lockouts", "scope", "user").increment();
            audit.record(AuditEvent.of(AuditAction.LOCKOUT, Outcome.SUCCESS)
                    .org(org)
                    .actor(name, AuditEvent.USER)
                    .target(name)
                    .request(request)
                    .detail("scope", "user")
                    .detail("locked_until", until.toString())
                    .build());
        });
        if (failure.addressBlocked()) {
            meters.counter("shopwatch.auth.lockouts", "scope", "address").increment();
            audit.record(AuditEvent.of(AuditAction.LOCKOUT, Outcome.SUCCESS)
                    .actor(name, AuditEvent.USER)
                    .target(request.ip())
                    .request(request)
                    .detail("scope", "address")
                    .build());
        }
    }

    private Grant grant(UserRecord user, String requestedOrg, ClientInfo request, AuditAction action) {
        List<Binding> bindings = users.bindingsOf(user.id());
        Optional<Binding> binding = requestedOrg == null || requestedOrg.isBlank()
                ? bindings.stream().findFirst()
                : bindings.stream().filter(b -> b.org().equals(requestedOrg)).findFirst();
        if (binding.isEmpty()) {
            if (user.platformAdmin() && requestedOrg != null && orgs.exists(requestedOrg)) {
                return new Grant(user, requestedOrg, Role.ADMIN);
            }
            audit.record(event(action, Outcome.DENIED, user.username(), request)
                    .org(requestedOrg)
                    .detail("reason", "no_access_to_org")
                    .build());
            throw new ShopWatchException(
                    ProblemType.FORBIDDEN,
                    requestedOrg == null ? "user has no role in any org" : "no access to org '" + requestedOrg + "'");
        }
        Binding b = binding.get();
        if (b.disabled()) {
            audit.record(event(action, Outcome.DENIED, user.username(), request)
                    .org(b.org())
                    .detail("reason", "disabled")
                    .build());
            throw new ShopWatchException(ProblemType.FORBIDDEN, "account is disabled in org '" + b.org() + "'");
        }
        return new Grant(user, b.org(), b.role());
    }

    private record RefreshResult(TokenPair pair, String username, String org, String reason, boolean reused) {}

    private RefreshResult refreshLocked(byte[] hash) {
        Instant now = clock.instant();
        Optional<RefreshTokenRecord> found = refreshTokens.lock(hash);
        if (found.isEmpty()) {
            return new RefreshResult(null, null, null, "unknown", false);
        }
        RefreshTokenRecord row = found.get();
        Optional<UserRecord> user = users.findById(row.userId());
        String username = user.map(UserRecord::username).orElse(null);
        if (row.revokedAt() != null) {
            if (RefreshTokenRepository.ROTATED.equals(row.revokedReason())) {
                refreshTokens.revokeFamily(row.familyId(), RefreshTokenRepository.REUSED, now);
                return new RefreshResult(null, username, row.org(), "reused", true);
            }
            return new RefreshResult(null, username, row.org(), "revoked_" + row.revokedReason(), false);
        }
        if (!row.expiresAt().isAfter(now)) {
            return new RefreshResult(null, username, row.org(), "expired", false);
        }
        Optional<Role> role = user.flatMap(u -> currentRole(u, row.org()));
        if (role.isEmpty()) {
            refreshTokens.revokeFamily(row.familyId(), RefreshTokenRepository.ACCESS_CHANGED, now);
            return new RefreshResult(null, username, row.org(), "access_revoked", false);
        }
        refreshTokens.revoke(hash, RefreshTokenRepository.ROTATED, now);
        TokenPair pair = issue(new Grant(user.get(), row.org(), role.get()), row.familyId());
        return new RefreshResult(pair, username, row.org(), null, false);
    }

    /** The role the user holds in the org now: none when the binding is gone or disabled. */
    private Optional<Role> currentRole(UserRecord user, String org) {
        Optional<Binding> binding = users.binding(org, user.username());
        if (binding.isPresent()) {
            return binding.filter(b -> !b.disabled()).map(Binding::role);
        }
        return user.platformAdmin() && orgs.exists(org) ? Optional.of(Role.ADMIN) : Optional.empty();
    }

    private TokenPair issue(Grant grant, UUID family) {
        Instant now = clock.instant();
        AccessTokenIssuer.AccessToken access = issuer.forUser(
                grant.user().username(), grant.org(), grant.role(), grant.user().platformAdmin());
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String refresh =
                REFRESH_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        refreshTokens.insert(
                RefreshTokenRepository.hash(refresh),
                family,
                grant.user().id(),
                grant.org(),
                now,
                now.plus(tokens.refreshTtl()));
        return new TokenPair(
                access.token(),
                refresh,
                "Bearer",
                access.lifetime().toSeconds(),
                tokens.refreshTtl().toSeconds());
    }

    private String homeOrg(String username) {
        if (!Usernames.isValid(username)) {
            return null;
        }
        return users.findByUsername(username)
                .flatMap(u -> users.bindingsOf(u.id()).stream().findFirst())
                .map(Binding::org)
                .orElse(null);
    }

    private static String throttleKey(String username) {
        String name = Usernames.normalise(username);
        if (name == null) {
            return "";
        }
        return name.length() > 128 ? name.substring(0, 128) : name;
    }

    private static AuditEvent.Builder loginEvent(Outcome outcome, String username, ClientInfo request) {
        return event(AuditAction.LOGIN, outcome, username, request);
    }

    private static AuditEvent.Builder event(AuditAction action, Outcome outcome, String username, ClientInfo request) {
        return AuditEvent.of(action, outcome)
                .actor(username == null || username.isEmpty() ? AuditEvent.ANONYMOUS : username, AuditEvent.USER)
                .target(username)
                .request(request);
    }

    private static AuditEvent.Builder refreshEvent(Outcome outcome, String username, String org, ClientInfo request) {
        return AuditEvent.of(AuditAction.REFRESH, outcome)
                .org(org)
                .actor(username == null ? AuditEvent.ANONYMOUS : username, AuditEvent.USER)
                .target(username)
                .request(request);
    }

    private void count(String outcome) {
        meters.counter("shopwatch.auth.logins", "outcome", outcome).increment();
    }
}
