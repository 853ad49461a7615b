package io.shopwatch.auth.user;

import io.shopwatch.auth.audit.AuditAction;
import io.shopwatch.auth.audit.AuditEvent;
import io.shopwatch.auth.audit.AuditLog;
import io.shopwatch.auth.audit.ClientInfo;
import io.shopwatch.auth.audit.Outcome;
import io.shopwatch.auth.org.OrgRepository;
import io.shopwatch.auth.throttle.LoginThrottle;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An org's users, managed by its administrators (callers have passed the security layer's org-admin check). An org
 * always keeps one enabled administrator; platform administrators are changed only by platform administrators; the
 * bootstrap administrator follows the configuration and is not changed through the API.
 */
@Service
public class UserService {

    private final UserRepository users;
    private final OrgRepository orgs;
    private final UserSessions sessions;
    private final PasswordHashing passwords;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    private final AdminStatus admins;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public UserService(
            UserRepository users,
            OrgRepository orgs,
            UserSessions sessions,
            PasswordHashing passwords,
            PasswordPolicy policy,
            LoginThrottle throttle,
            AdminStatus admins,
            AuditLog audit,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.users = users;
        this.orgs = orgs;
        this.sessions = sessions;
        this.passwords = passwords;
        this.policy = policy;
        this.throttle = throttle;
        this.admins = admins;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** What to change; {@code null} leaves a field as it is. */
    public record Change(Role role, Boolean disabled, String password) {
        @Override
        public String toString() {
            return "Change[role=" + role + ", disabled=" + disabled + ", password=" + (password != null) + "]";
        }
    }

    public Binding create(
            Identity caller, String org, String rawUsername, String password, Role role, ClientInfo client) {
        requireOrg(org);
        String username = Usernames.normalise(rawUsername);
        if (!Usernames.isValid(username)) {
            throw ShopWatchException.invalid("username must be " + Usernames.RULE);
        }
        List<String> violations = policy.violations(password, username);
        if (!violations.isEmpty()) {
            throw ShopWatchException.invalid(String.join("; ", violations));
        }
        if (users.findByUsername(username).isPresent()) {
            throw ShopWatchException.conflict("user name '" + username + "' is taken");
        }
        String hash = passwords.hash(password);
        Instant now = clock.instant();
        try {
            transaction.executeWithoutResult(status -> {
                long id = users.insert(username, hash, false, false, now);
                users.insertBinding(id, org, role, now);
            });
        } catch (DuplicateKeyException e) {
            throw ShopWatchException.conflict("user name '" + username + "' is taken");
        }
        audit.record(AuditEvent.of(AuditAction.USER_CREATE, Outcome.SUCCESS)
                .org(org)
                .by(caller)
                .target(username)
                .request(client)
                .detail("role", role.id())
                .build());
        return get(org, username);
    }

    public List<Binding> list(String org, String afterUsername, int limit) {
        requireOrg(org);
        return users.list(org, afterUsername, limit);
    }

    public Binding get(String org, String username) {
        return users.binding(org, Usernames.normalise(username))
                .orElseThrow(() -> ShopWatchException.notFound("user", username));
    }

    public Binding change(Identity caller, String org, String rawUsername, Change change, ClientInfo client) {
        String username = Usernames.normalise(rawUsername);
        if (change.password() != null) {
            List<String> violations = policy.violations(change.password(), username);
            if (!violations.isEmpty()) {
                throw ShopWatchException.invalid(String.join("; ", violations));
            }
        }
        String hash = change.password() == null ? null : passwords.hash(change.password());
        List<AuditEvent.Builder> events = new ArrayList<>();
        transaction.executeWithoutResult(status -> {
            Binding current = lockChangeable(caller, org, username, client);
            Role role = change.role() == null ? current.role() : change.role();
            boolean disabled = change.disabled() == null ? current.disabled() : change.disabled();
            Instant now = clock.instant();
            if (role != current.role() || disabled != current.disabled()) {
                keepOneAdmin(current, role, disabled);
                users.updateBinding(current.userId(), org, role, disabled, now);
            }
            if (role != current.role()) {
                events.add(event(AuditAction.ROLE_CHANGE, caller, org, username, client)
                        .detail("from", current.role().id())
                        .detail("to", role.id()));
            }
            if (disabled != current.disabled()) {
                if (disabled) {
                    sessions.revokeUser(current.userId(), org, UserSessions.ACCESS_CHANGED, now);
                }
                events.add(event(
                        disabled ? AuditAction.USER_DISABLE : AuditAction.USER_ENABLE, caller, org, username, client));
            }
            if (hash != null) {
                boolean onlyHere = users.bindingsOf(current.userId()).stream()
                        .allMatch(b -> b.org().equals(org));
                if (!onlyHere && !admins.isPlatformAdmin(caller)) {
                    throw deny(caller, org, client, "password_of_shared_user", "this user also belongs to other orgs");
                }
                users.updatePassword(current.userId(), hash, now);
                sessions.revokeUser(current.userId(), null, UserSessions.PASSWORD_CHANGED, now);
                events.add(event(AuditAction.PASSWORD_RESET, caller, org, username, client));
            }
        });
        events.forEach(e -> audit.record(e.build()));
        return get(org, username);
    }

    public void delete(Identity caller, String org, String rawUsername, ClientInfo client) {
        String username = Usernames.normalise(rawUsername);
        transaction.executeWithoutResult(status -> {
            Binding current = lockChangeable(caller, org, username, client);
            keepOneAdmin(current, null, true);
            users.deleteBinding(current.userId(), org);
            sessions.revokeUser(current.userId(), org, UserSessions.ACCESS_CHANGED, clock.instant());
            users.deleteIfUnbound(current.userId());
        });
        audit.record(
                event(AuditAction.USER_DELETE, caller, org, username, client).build());
    }

    /** Lifts the login lock of a user of the org. */
    public void unlock(Identity caller, String org, String rawUsername, ClientInfo client) {
        Binding binding = get(org, rawUsername);
        throttle.unlock(binding.username());
        audit.record(event(AuditAction.USER_UNLOCK, caller, org, binding.username(), client)
                .build());
    }

    private Binding lockChangeable(Identity caller, String org, String username, ClientInfo client) {
        Binding current =
                users.lockBinding(org, username).orElseThrow(() -> ShopWatchException.notFound("user", username));
        if (current.platformAdmin() && !admins.isPlatformAdmin(caller)) {
            throw deny(
                    caller, org, client, "platform_admin_target", "only platform administrators may change this user");
        }
        if (current.bootstrap()) {
            throw ShopWatchException.conflict(
                    "the bootstrap administrator is managed by SHOPWATCH_ADMIN_USER / SHOPWATCH_ADMIN_PASSWORD");
        }
        return current;
    }

    /** Refuses a change that would leave the org without an enabled administrator. */
    private void keepOneAdmin(Binding current, Role newRole, boolean newDisabled) {
        boolean wasActiveAdmin = current.role() == Role.ADMIN && !current.disabled();
        boolean staysActiveAdmin = newRole == Role.ADMIN && !newDisabled;
        if (wasActiveAdmin && !staysActiveAdmin && users.countEnabledAdmins(current.org()) <= 1) {
            throw ShopWatchException.conflict(
                    "org '" + current.org() + "' must keep at least one enabled administrator");
        }
    }

    private void requireOrg(String org) {
        if (!orgs.exists(org)) {
            throw ShopWatchException.notFound("org", org);
        }
    }

    /** Records the refusal (as the security layer records its own) and returns the 403 to throw. */
    private ShopWatchException deny(Identity caller, String org, ClientInfo client, String reason, String message) {
        audit.record(AuditEvent.requestDenied(org, caller, client, 403, reason));
        return new ShopWatchException(ProblemType.FORBIDDEN, message);
    }

    private static AuditEvent.Builder event(
            AuditAction action, Identity caller, String org, String username, ClientInfo client) {
        return AuditEvent.of(action, Outcome.SUCCESS)
                .org(org)
                .by(caller)
                .target(username)
                .request(client);
    }
}
