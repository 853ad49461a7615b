package io.shopwatch.auth.audit;

/** What happened. The id is the {@code action} field of audit events, stable for queries and alert rules. */
public enum AuditAction {
    LOGIN("auth.login"),
    LOCKOUT("auth.lockout"),
    REFRESH("auth.refresh"),
    REFRESH_REUSE("auth.refresh_reuse"),
    LOGOUT("auth.logout"),
    SWITCH_ORG("auth.switch_org"),
    PASSWORD_CHANGE("auth.password_change"),
    ORG_CREATE("org.create"),
    USER_CREATE("user.create"),
    ROLE_CHANGE("user.role_change"),
    USER_DISABLE("user.disable"),
    USER_ENABLE("user.enable"),
    USER_DELETE("user.delete"),
    USER_UNLOCK("user.unlock"),
    PASSWORD_RESET("user.password_reset"),
    API_KEY_CREATE("apikey.create"),
    API_KEY_REVOKE("apikey.revoke"),
    API_KEY_VERIFY("apikey.verify"),
    KEY_ROTATE("key.rotate"),
    REQUEST_DENIED("request.denied");

    private final String id;

    AuditAction(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
