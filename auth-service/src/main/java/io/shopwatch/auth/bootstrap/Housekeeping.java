package io.shopwatch.auth.bootstrap;

import io.shopwatch.auth.audit.AuditProperties;
import io.shopwatch.auth.audit.AuditRepository;
import io.shopwatch.auth.keys.TokenProperties;
import io.shopwatch.auth.session.RefreshTokenRepository;
import io.shopwatch.auth.throttle.LoginThrottle;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes what no longer counts: expired refresh tokens, stale login failures, audit events past retention. */
@Component
public class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final RefreshTokenRepository refreshTokens;
    private final LoginThrottle throttle;
    private final AuditRepository audit;
    private final AuditProperties auditProperties;
    private final TokenProperties tokens;
    private final Clock clock;

    public Housekeeping(
            RefreshTokenRepository refreshTokens,
            LoginThrottle throttle,
            AuditRepository audit,
            AuditProperties auditProperties,
            TokenProperties tokens,
            Clock clock) {
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.audit = audit;
        this.auditProperties = auditProperties;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${shopwatch.auth.housekeeping-interval}", initialDelay = 60_000)
    public void run() {
        Instant now = clock.instant();
        int tokensDeleted = refreshTokens.deleteExpiredBefore(now.minus(tokens.clockSkew()));
        int failuresDeleted = throttle.deleteStale();
        int eventsDeleted = audit.deleteBefore(now.minus(auditProperties.retention()));
        if (tokensDeleted + failuresDeleted + eventsDeleted > 0) {
            log.debug(
                    "housekeeping deleted {} refresh tokens, {} login-failure rows, {} audit events",
                    tokensDeleted,
                    failuresDeleted,
                    eventsDeleted);
        }
    }
}
