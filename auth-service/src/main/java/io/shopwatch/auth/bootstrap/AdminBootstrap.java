package io.shopwatch.auth.bootstrap;

import io.shopwatch.auth.audit.AuditAction;
import io.shopwatch.auth.audit.AuditEvent;
import io.shopwatch.auth.audit.AuditLog;
import io.shopwatch.auth.audit.Outcome;
import io.shopwatch.auth.session.RefreshTokenRepository;
import io.shopwatch.auth.throttle.LoginThrottle;
import io.shopwatch.auth.user.Binding;
import io.shopwatch.auth.user.PasswordHashing;
import io.shopwatch.auth.user.UserRecord;
import io.shopwatch.auth.user.UserRepository;
import io.shopwatch.common.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure the bootstrap administrator exists before the service takes requests: a platform administrator and admin
 * of org {@code default}, enabled, unlocked, with the configured password. The configuration is the source of truth
 * for this account (a break-glass account): changing {@code SHOPWATCH_ADMIN_PASSWORD} and restarting resets its
 * password and ends its sessions.
 */
@Component
@DependsOnDatabaseInitialization
public class AdminBootstrap implements SmartInitializingSingleton {

    static final String DEFAULT_ORG = "default";
    private static final long LOCK = 0x5357_4144_4D49L;
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Secrets secrets;
    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHashing passwords;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public AdminBootstrap(
            Secrets secrets,
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHashing passwords,
            LoginThrottle throttle,
            AuditLog audit,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.secrets = secrets;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.passwords = passwords;
        this.throttle = throttle;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        String username = secrets.adminUsername();
        List<AuditEvent.Builder> events = new ArrayList<>();
        transaction.executeWithoutResult(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query().singleRow();
            Instant now = clock.instant();
            Optional<UserRecord> existing = users.findByUsername(username);
            if (existing.isEmpty()) {
                long id = users.insert(username, passwords.hash(secrets.adminPassword()), true, true, now);
                users.insertBinding(id, DEFAULT_ORG, Role.ADMIN, now);
                events.add(event(AuditAction.USER_CREATE, username).detail("role", Role.ADMIN.id()));
                return;
            }
            UserRecord user = existing.get();
            users.markBootstrapAdmin(user.id());
            Optional<Binding> binding = users.binding(DEFAULT_ORG, username);
            if (binding.isEmpty()) {
                users.insertBinding(user.id(), DEFAULT_ORG, Role.ADMIN, now);
            } else if (binding.get().role() != Role.ADMIN || binding.get().disabled()) {
                users.updateBinding(user.id(), DEFAULT_ORG, Role.ADMIN, false, now);
                events.add(event(AuditAction.ROLE_CHANGE, username)
                        .detail("from", binding.get().role().id())
                        .detail("to", Role.ADMIN.id()));
            }
            if (!passwords.matches(secrets.adminPassword(), user.passwordHash())) {
                users.updatePassword(user.id(), passwords.hash(secrets.adminPassword()), now);
                refreshTokens.revokeUser(user.id(), null, RefreshTokenRepository.PASSWORD_CHANGED, now);
                events.add(event(AuditAction.PASSWORD_RESET, username).detail("reason", "SHOPWATCH_ADMIN_PASSWORD"));
            }
        });
        throttle.unlock(username);
        events.forEach(e -> audit.record(e.build()));
        log.info(
                "bootstrap administrator '{}' is ready (platform administrator, admin of org '{}')",
                username,
                DEFAULT_ORG);
    }

    private static AuditEvent.Builder event(AuditAction action, String username) {
        return AuditEvent.of(action, Outcome.SUCCESS)
                .org(DEFAULT_ORG)
                .actor("bootstrap", AuditEvent.SYSTEM)
                .target(username);
    }
}
