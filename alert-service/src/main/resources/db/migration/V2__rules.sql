-- Alert rules of every organisation; spec is the rule as written (JSON).
CREATE TABLE alert_rule (
    org        text        NOT NULL,
    id         text        NOT NULL,
    name       text        NOT NULL,
    spec       text        NOT NULL,
    source     text        NOT NULL,
    version    bigint      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org, id),
    UNIQUE (org, name)
);

-- The state of every alert instance that is pending, firing or recently resolved.
CREATE TABLE rule_instance (
    org            text             NOT NULL,
    rule_id        text             NOT NULL,
    fingerprint    bigint           NOT NULL,
    labels         text             NOT NULL,
    state          text             NOT NULL,
    severity       text,
    value          double precision NOT NULL,
    active_at      timestamptz,
    fired_at       timestamptz,
    last_active_at timestamptz,
    resolved_at    timestamptz,
    sent_at        timestamptz,
    sent_severity  text,
    PRIMARY KEY (org, rule_id, fingerprint)
);

-- Every change of state of an instance.
CREATE TABLE rule_history (
    id         bigserial        PRIMARY KEY,
    org        text             NOT NULL,
    rule_id    text             NOT NULL,
    at         timestamptz      NOT NULL,
    labels     text             NOT NULL,
    from_state text             NOT NULL,
    to_state   text             NOT NULL,
    severity   text,
    value      double precision NOT NULL
);
CREATE INDEX rule_history_rule ON rule_history (org, rule_id, at DESC);
