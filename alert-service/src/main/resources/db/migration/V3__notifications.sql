-- The durable outbox: every notification to send is stored before the first attempt, with its outcome.
CREATE TABLE notification_outbox (
    id              bigserial   PRIMARY KEY,
    org             text        NOT NULL,
    receiver        text        NOT NULL,
    integration     text        NOT NULL,
    idx             integer     NOT NULL,
    group_key       text        NOT NULL,
    group_id        text        NOT NULL,
    -- One row per decision (receiver, integration, group, state and tick; escalation step; meta-alert; test).
    decision_key    text        NOT NULL UNIQUE,
    kind            text        NOT NULL,
    status          text        NOT NULL,
    payload         text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    deadline        timestamptz NOT NULL,
    locked_by       text,
    locked_until    timestamptz,
    last_error      text,
    provider_answer text,
    finished_at     timestamptz
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX notification_outbox_org ON notification_outbox (org, created_at DESC);

-- Acknowledgements of alert groups by people: repeats stop until the group resolves or the ack expires.
CREATE TABLE alert_group_ack (
    org        text        NOT NULL,
    group_id   text        NOT NULL,
    group_key  text        NOT NULL,
    acked_by   text        NOT NULL,
    comment    text        NOT NULL,
    acked_at   timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (org, group_id)
);

-- Escalations in progress: one per alert group whose route names an escalation policy.
CREATE TABLE alert_escalation (
    org        text        NOT NULL,
    group_id   text        NOT NULL,
    group_key  text        NOT NULL,
    receiver   text        NOT NULL,
    policy     text        NOT NULL,
    started_at timestamptz NOT NULL,
    round      integer     NOT NULL,
    next_step  integer     NOT NULL,
    next_at    timestamptz NOT NULL,
    status     text        NOT NULL,
    payload    text        NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (org, group_id, receiver)
);
CREATE INDEX alert_escalation_due ON alert_escalation (next_at) WHERE status = 'active';

-- Keys shared by all replicas (the signing key of one-click acknowledgement links).
CREATE TABLE alert_key (
    name       text        PRIMARY KEY,
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
