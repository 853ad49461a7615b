-- Organisations (tenants). The name is the identifier used in every path and in the org claim of tokens.
CREATE TABLE orgs (
    name        TEXT PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT NOT NULL
);

INSERT INTO orgs (name, created_at, created_by) VALUES ('default', now(), 'system');

-- People who log in. User names are unique across the platform (lower case).
CREATE TABLE users (
    id                   BIGSERIAL PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    password_hash        TEXT NOT NULL,
    -- may create organisations and manage every one
    platform_admin       BOOLEAN NOT NULL DEFAULT FALSE,
    -- the administrator created from SHOPWATCH_ADMIN_USER / SHOPWATCH_ADMIN_PASSWORD; its password follows the configuration
    bootstrap            BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMPTZ NOT NULL,
    password_changed_at  TIMESTAMPTZ NOT NULL
);

-- A user's role in one organisation. A user may hold a role in several organisations; a token acts in one.
CREATE TABLE role_bindings (
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org         TEXT NOT NULL REFERENCES orgs (name) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer', 'ingest')),
    disabled    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, org)
);

CREATE INDEX role_bindings_org ON role_bindings (org, role);

-- Consecutive failed logins per user name (also for names that do not exist, so that answers do not reveal which do).
CREATE TABLE login_failures (
    username         TEXT PRIMARY KEY,
    failures         INT NOT NULL,
    last_failure_at  TIMESTAMPTZ NOT NULL,
    locked_until     TIMESTAMPTZ
);

-- Refresh tokens: only a SHA-256 hash is stored. Each refresh replaces the token with a new one of the same family;
-- presenting a replaced token again revokes the whole family (the token was copied).
CREATE TABLE refresh_tokens (
    token_hash      BYTEA PRIMARY KEY,
    family_id       UUID NOT NULL,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org             TEXT NOT NULL,
    issued_at       TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ,
    revoked_reason  TEXT
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id, org);
CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at);

-- API keys for storefront services and machines. The key is shown once; only a SHA-256 hash of its secret part is kept.
CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    org           TEXT NOT NULL REFERENCES orgs (name) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('operator', 'viewer', 'ingest')),
    secret_hash   BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    created_by    TEXT NOT NULL,
    expires_at    TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ,
    revoked_by    TEXT,
    last_used_at  TIMESTAMPTZ
);

CREATE UNIQUE INDEX api_keys_active_name ON api_keys (org, name) WHERE revoked_at IS NULL;

-- Token signing keys. The private key is encrypted (AES-256-GCM, key derived from SHOPWATCH_SECRET_KEY).
-- The newest key without retired_at signs; retired keys stay published until the tokens they signed have expired.
CREATE TABLE signing_keys (
    kid           TEXT PRIMARY KEY,
    algorithm     TEXT NOT NULL,
    public_key    BYTEA NOT NULL,
    private_key   BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    retired_at    TIMESTAMPTZ
);

-- The audit log. Rows are shipped to Kafka (shopwatch.audit) by an outbox: shipped_at is set once the broker acknowledged.
CREATE TABLE audit_events (
    id           BIGSERIAL PRIMARY KEY,
    event_id     UUID NOT NULL UNIQUE,
    occurred_at  TIMESTAMPTZ NOT NULL,
    org          TEXT,
    actor        TEXT NOT NULL,
    actor_kind   TEXT NOT NULL,
    action       TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    target       TEXT,
    ip           TEXT,
    details      JSONB NOT NULL DEFAULT '{}'::jsonb,
    shipped_at   TIMESTAMPTZ
);

CREATE INDEX audit_events_org ON audit_events (org, id);
CREATE INDEX audit_events_action ON audit_events (action, id);
CREATE INDEX audit_events_time ON audit_events (occurred_at);
CREATE INDEX audit_events_unshipped ON audit_events (id) WHERE shipped_at IS NULL;
