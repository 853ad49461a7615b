-- Cron schedules of backups. A replica claims a due row with FOR UPDATE SKIP LOCKED and moves next_run_at on in the
-- same transaction as it queues the backup job: each fire time runs once, whichever replica gets it.
CREATE TABLE backup_schedule (
    id          VARCHAR(40)  PRIMARY KEY,
    org         VARCHAR(64)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    cron        VARCHAR(200) NOT NULL,
    zone        VARCHAR(64)  NOT NULL,
    request     TEXT         NOT NULL,
    enabled     BOOLEAN      NOT NULL DEFAULT TRUE,
    next_run_at TIMESTAMPTZ  NOT NULL,
    last_run_at TIMESTAMPTZ,
    last_job_id VARCHAR(40),
    last_error  TEXT,
    created_at  TIMESTAMPTZ  NOT NULL,
    UNIQUE (org, name)
);
CREATE INDEX backup_schedule_due ON backup_schedule (next_run_at) WHERE enabled;
