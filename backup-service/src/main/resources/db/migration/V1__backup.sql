-- The job queue: backup, restore and verify jobs with their state (see JobStateMachine) and progress.
CREATE TABLE backup_job (
    id               VARCHAR(40)  PRIMARY KEY,
    org              VARCHAR(64)  NOT NULL,
    kind             VARCHAR(32)  NOT NULL,
    backup_id        VARCHAR(80)  NOT NULL,
    request          TEXT         NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    cancel_requested BOOLEAN      NOT NULL DEFAULT FALSE,
    attempt          INT          NOT NULL DEFAULT 0,
    owner            VARCHAR(200),
    percent          DOUBLE PRECISION NOT NULL DEFAULT 0,
    bytes            BIGINT       NOT NULL DEFAULT 0,
    records          BIGINT       NOT NULL DEFAULT 0,
    current_slice    VARCHAR(1000),
    eta_seconds      BIGINT,
    result           TEXT,
    error            TEXT,
    created_at       TIMESTAMPTZ  NOT NULL,
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    heartbeat_at     TIMESTAMPTZ
);
CREATE INDEX backup_job_queue ON backup_job (state, created_at);
CREATE INDEX backup_job_org ON backup_job (org, created_at);

-- The catalog: a set appears here only after its manifest was written (last) and every file was verified.
CREATE TABLE backup_set (
    id              VARCHAR(80)  PRIMARY KEY,
    org             VARCHAR(64)  NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    target          VARCHAR(64)  NOT NULL,
    range_start     BIGINT,
    range_end       BIGINT,
    streams         TEXT         NOT NULL,
    files           INT          NOT NULL,
    records         BIGINT       NOT NULL,
    bytes           BIGINT       NOT NULL,
    manifest_sha256 CHAR(64)     NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    verified_at     TIMESTAMPTZ  NOT NULL,
    verify_detail   TEXT
);
CREATE INDEX backup_set_org ON backup_set (org, created_at);
