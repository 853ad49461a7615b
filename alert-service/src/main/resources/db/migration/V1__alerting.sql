-- Alerts as received through the v2 API and from the rule engine; one row per organisation and fingerprint.
CREATE TABLE alert (
    org           text        NOT NULL,
    fingerprint   bigint      NOT NULL,
    labels        text        NOT NULL,
    annotations   text        NOT NULL,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    generator_url text        NOT NULL,
    updated_at    timestamptz NOT NULL,
    timeout       boolean     NOT NULL,
    version       bigint      NOT NULL,
    tx            xid8        NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (org, fingerprint)
);
CREATE INDEX alert_tx ON alert (tx);

CREATE TABLE silence (
    org        text        NOT NULL,
    id         text        NOT NULL,
    matchers   text        NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    created_by text        NOT NULL,
    comment    text        NOT NULL,
    tx         xid8        NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (org, id)
);
CREATE INDEX silence_tx ON silence (tx);

-- Every stored Alertmanager configuration of an organisation; the highest version is in force.
CREATE TABLE alert_config (
    org        text        NOT NULL,
    version    integer     NOT NULL,
    yaml       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text        NOT NULL,
    PRIMARY KEY (org, version)
);

-- The notification log: the last notification per organisation, receiver, integration and aggregation group.
CREATE TABLE notification_log (
    org         text        NOT NULL,
    receiver    text        NOT NULL,
    integration text        NOT NULL,
    idx         integer     NOT NULL,
    group_key   text        NOT NULL,
    firing      bigint[]    NOT NULL,
    resolved    bigint[]    NOT NULL,
    tick_at     timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    status      text        NOT NULL,
    holder      text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org, receiver, integration, idx, group_key)
);

-- Leases: which replica does the work that must run once (dispatching notifications, evaluating rules).
CREATE TABLE lease (
    name       text        PRIMARY KEY,
    holder     text        NOT NULL,
    token      bigint      NOT NULL,
    expires_at timestamptz NOT NULL
);
